// linear: Linear-Signature: <hex> over the body; webhookTimestamp (ms) in the body, as https://linear.app/developers/webhooks describes it. The signature is computed with Node's crypto.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Linear-Signature': hmac('sha256', secret, body, 'hex') };
}
const body = fixture(__dirname, 'issue-create.json');
const extra = {"Linear-Delivery": "234d1a4e-b617-4388-90fe-adc3633d6b72", "Linear-Event": "Issue"};
const now = 1676056940;
const secret = "lin_wh_6c1d8e5a0f3b47c2";
const previous = "lin_wh_old";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto',
    settings: {"tributary.linear.webhook-secret": "lin_wh_6c1d8e5a0f3b47c2"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.linear.previous-secret': previous })],
  });
})();
