// xero: x-xero-signature: <base64> over the body, as https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/ describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'x-xero-signature': hmac('sha256', secret, body, 'base64') };
}
const body = fixture(__dirname, 'contact-updated.json');
const now = 1498007739;
const secret = "xero-webhook-key-Zm9vYmFy";
const previous = "xero-old";
secretVectors(__dirname, {
  id: 'xero', sign, body, now, secret, previous,
  settings: {"tributary.xero.webhook-secret": "xero-webhook-key-Zm9vYmFy"},
});
