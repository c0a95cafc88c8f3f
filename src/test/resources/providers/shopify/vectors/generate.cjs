// Shopify: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(client secret, raw body)), as Shopify's
// "Verify the webhook" section shows it (Node crypto; Shopify's SDK does the same computation).
// Deterministic: fixed now, headers and test secrets; running it again rewrites vectors.json byte for byte.
const { fixture, write, hmac } = require('../../vectors.cjs');
const secret = 'shpss_test_1f2e3d4c5b6a';
const body = fixture(__dirname, 'products-update.json');
const headers = {
  'X-Shopify-Topic': 'products/update', 'X-Shopify-Shop-Domain': 'johns-apparel.myshopify.com',
  'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', 'X-Shopify-Triggered-At': '2025-04-22T19:30:00.000000000Z',
  'X-Shopify-Event-Id': '98880550-7158-44d4-b7cd-2c97c8a091b5', 'X-Shopify-API-Version': '2025-04',
};
write(__dirname, {
  generator: 'generate.cjs, Node ' + process.version + ' crypto (no SDK call needed for an HMAC of the body)',
  settings: { 'tributary.shopify.webhook-secret': secret },
  now: 1745350201, // 2025-04-22T19:30:01Z
  vectors: [
    { name: 'signed with the secret', headers: { ...headers, 'X-Shopify-Hmac-Sha256': hmac('sha256', secret, body, 'base64') }, body },
    { name: 'signed with the previous secret', settings: { 'tributary.shopify.previous-secret': 'shpss_old' },
      headers: { ...headers, 'X-Shopify-Hmac-Sha256': hmac('sha256', 'shpss_old', body, 'base64') }, body },
  ],
});
