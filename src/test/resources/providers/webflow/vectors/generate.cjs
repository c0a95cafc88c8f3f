// webflow: x-webflow-signature: <hex> over timestamp (ms) + : + body, as https://developers.webflow.com/data/docs/working-with-webhooks describes it. The signature is computed with Node's crypto.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  const ms = String(ts * 1000 - 800);
  return { 'x-webflow-timestamp': ms, 'x-webflow-signature': hmac('sha256', secret, ms + ':' + body, 'hex') };
}
const body = fixture(__dirname, 'form-submission.json');
const extra = {};
const now = 1663158916;
const secret = "wf_secret_2b8d";
const previous = "wf_old";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto',
    settings: {"tributary.webflow.webhook-secret": "wf_secret_2b8d"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.webflow.previous-secret': previous })],
  });
})();
