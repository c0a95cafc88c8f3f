// zendesk: X-Zendesk-Webhook-Signature: <base64> over RFC 3339 timestamp + body, as https://developer.zendesk.com/documentation/webhooks/verifying/ describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  const at = new Date(ts * 1000 - 2000).toISOString().replace('.000Z', 'Z');
  return { 'X-Zendesk-Webhook-Signature-Timestamp': at, 'X-Zendesk-Webhook-Signature': hmac('sha256', secret, at + body, 'base64') };
}
const body = fixture(__dirname, 'access-log-created.json');
const now = 1700000000;
const secret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3RpbmdfcHVycG9zZXNfb25seQ==";
const previous = "zendesk-old";
secretVectors(__dirname, {
  id: 'zendesk', sign, body, now, secret, previous,
  settings: {"tributary.zendesk.webhook-secret": "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3RpbmdfcHVycG9zZXNfb25seQ=="},
});
