// linear: Linear-Signature: <hex> over the body; webhookTimestamp (ms) in the body, as https://linear.app/developers/webhooks describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK @linear/sdk 98.0.0 (LinearWebhookClient.verify, from @linear/sdk/webhooks; installed outside the repository, see ../../vectors.cjs).
// Deterministic: a fixed now (0.4 s after the body's webhookTimestamp) and fixed test secrets, so running it
// again rewrites vectors.json byte for byte. The SDK refuses a webhookTimestamp more than 60 s from the wall
// clock, so its check runs with Date.now pinned to that same now.
const { pathToFileURL } = require('node:url');
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Linear-Signature': hmac('sha256', secret, body, 'hex') };
}
const now = 1579783999; // 2020-01-23T12:53:19Z
async function sdkCheck(secret, body, headers) {
  const { LinearWebhookClient } = await import(pathToFileURL(require.resolve('@linear/sdk/webhooks')).href);
  const realNow = Date.now;
  Date.now = () => now * 1000;
  try {
    return new LinearWebhookClient(secret).verify(Buffer.from(body, 'utf8'), headers['Linear-Signature']);
  } finally {
    Date.now = realNow;
  }
}
const body = fixture(__dirname, 'comment-create.json');
const extra = {"Linear-Delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72", "Linear-Event": "Comment"};
const secret = "lin_wh_6c1d8e5a0f3b47c2";
const previous = "lin_wh_old";
secretVectors(__dirname, {
  id: 'linear', sign, body, extra, now, secret, previous,
  sdkCheck,
  checkedBy: 'checked by @linear/sdk 98.0.0',
  settings: {"tributary.linear.webhook-secret": "lin_wh_6c1d8e5a0f3b47c2"},
});
