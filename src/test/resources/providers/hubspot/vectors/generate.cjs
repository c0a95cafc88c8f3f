// hubspot: X-HubSpot-Signature-v3: <base64> over method + public URL + body + timestamp, as https://developers.hubspot.com/docs/api/webhooks/validating-requests describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
const URL_SIGNED = 'https://hooks.example.com/webhooks/hubspot';
function sign(secret, body, ts) {
  const ms = String(ts * 1000 - 1500);
  return { 'X-HubSpot-Request-Timestamp': ms, 'X-HubSpot-Signature-v3': hmac('sha256', secret, 'POST' + URL_SIGNED + body + ms, 'base64') };
}
const body = fixture(__dirname, 'contact-events.json');
const now = 1564113601; // a second after the fixture's occurredAt (fixed: vectors.json regenerates byte for byte)
const secret = "hs-client-secret-7d1e0b";
const previous = "hs-old";
secretVectors(__dirname, {
  id: 'hubspot', sign, body, now, secret, previous,
  settings: {"tributary.hubspot.webhook-secret": "hs-client-secret-7d1e0b", "tributary.hubspot.public-url": "https://hooks.example.com/webhooks/hubspot"},
});
