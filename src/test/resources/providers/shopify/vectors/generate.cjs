// Shopify: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(client secret, raw body)), as Shopify's
// "Verify the webhook" section shows it (Node crypto; Shopify's SDK does the same computation).
const { fixture, write, hmac } = require('../../vectors.cjs');
const secret = 'shpss_test_1f2e3d4c5b6a';
const body = fixture(__dirname, 'orders-create.json');
const headers = {
  'X-Shopify-Topic': 'orders/create', 'X-Shopify-Shop-Domain': 'johns-apparel.myshopify.com',
  'X-Shopify-Webhook-Id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043', 'X-Shopify-Triggered-At': '2023-03-29T18:00:27.877041743Z',
};
write(__dirname, {
  generator: 'generate.cjs, Node ' + process.version + ' crypto (no SDK call needed for an HMAC of the body)',
  settings: { 'tributary.shopify.webhook-secret': secret },
  now: 1680112827,
  vectors: [
    { name: 'signed with the secret', headers: { ...headers, 'X-Shopify-Hmac-Sha256': hmac('sha256', secret, body, 'base64') }, body },
    { name: 'signed with the previous secret', settings: { 'tributary.shopify.previous-secret': 'shpss_old' },
      headers: { ...headers, 'X-Shopify-Hmac-Sha256': hmac('sha256', 'shpss_old', body, 'base64') }, body },
  ],
});
