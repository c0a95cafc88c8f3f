// hubspot: X-HubSpot-Signature-v3: <base64> over method + public URL + body + timestamp, as https://developers.hubspot.com/docs/api/webhooks/validating-requests describes it. The signature is computed with Node's crypto.
// The last vector is HubSpot's own, published in its Python SDK's test (github.com/HubSpot/hubspot-api-python,
// tests/spec/utils/test_signature.py, commit 83aedb045f44c8923759f98deb96d54d0272ae10, test_get_signature__v3):
// client secret, body, URL, method, timestamp 15000000 and signature, unchanged. That timestamp is 1970, so
// that vector alone widens the tolerance to 20000d to verify at this file's fixed now.
// Deterministic: fixed now (a second after the fixture's occurredAt) and test secrets; running it again
// rewrites vectors.json byte for byte.
const { fixture, hmac, check, secretVectors } = require('../../vectors.cjs');
const URL_SIGNED = 'https://hooks.example.com/webhooks/hubspot';
function sign(secret, body, ts, url = URL_SIGNED) {
  const ms = String(ts * 1000 - 1500);
  return { 'X-HubSpot-Request-Timestamp': ms, 'X-HubSpot-Signature-v3': hmac('sha256', secret, 'POST' + url + body + ms, 'base64') };
}
const published = {
  secret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy', body: "{'example_field':'example_value'}",
  url: 'https://www.example.com/webhook_uri', timestamp: '15000000', signature: 'HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=',
};
check(hmac('sha256', published.secret, 'POST' + published.url + published.body + published.timestamp, 'base64') === published.signature, 'published');
const body = fixture(__dirname, 'contact-events.json');
const now = 1564113601; // a second after the fixture's occurredAt
const secret = "hs-client-secret-7d1e0b";
const previous = "hs-old";
secretVectors(__dirname, {
  id: 'hubspot', sign, body, now, secret, previous,
  settings: {"tributary.hubspot.webhook-secret": "hs-client-secret-7d1e0b", "tributary.hubspot.public-url": "https://hooks.example.com/webhooks/hubspot"},
  more: [{ name: "HubSpot's published v3 vector (hubspot-api-python tests/spec/utils/test_signature.py)",
    settings: { 'tributary.hubspot.webhook-secret': published.secret, 'tributary.hubspot.public-url': published.url,
      'tributary.hubspot.tolerance': '20000d' },
    headers: { 'X-HubSpot-Request-Timestamp': published.timestamp, 'X-HubSpot-Signature-v3': published.signature },
    body: published.body }],
});
