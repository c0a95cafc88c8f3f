// linear: Linear-Signature: <hex> over the body; webhookTimestamp (ms) in the body, as https://linear.app/developers/webhooks describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Linear-Signature': hmac('sha256', secret, body, 'hex') };
}
const body = fixture(__dirname, 'issue-create.json');
const extra = {"Linear-Delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72", "Linear-Event": "Issue"};
const now = 1676056940;
const secret = "lin_wh_6c1d8e5a0f3b47c2";
const previous = "lin_wh_old";
secretVectors(__dirname, {
  id: 'linear', sign, body, extra, now, secret, previous,
  settings: {"tributary.linear.webhook-secret": "lin_wh_6c1d8e5a0f3b47c2"},
});
