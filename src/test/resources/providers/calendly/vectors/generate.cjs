// calendly: Calendly-Webhook-Signature: t=..,v1=<hex> over t.body, as https://developer.calendly.com/api-docs/overview/webhooks/webhook-signatures describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Calendly-Webhook-Signature': 't=' + ts + ',v1=' + hmac('sha256', secret, ts + '.' + body, 'hex') };
}
const body = fixture(__dirname, 'invitee-created.json');
const now = 1606153879;
const secret = "cal_signing_key_8e2b4f6a";
const previous = "cal_signing_key_old";
secretVectors(__dirname, {
  id: 'calendly', sign, body, now, secret, previous,
  settings: {"tributary.calendly.webhook-secret": "cal_signing_key_8e2b4f6a"},
});
