// webflow: x-webflow-signature: <hex> over timestamp (ms) + : + body, as https://developers.webflow.com/data/docs/working-with-webhooks describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  const ms = String(ts * 1000 - 800);
  return { 'x-webflow-timestamp': ms, 'x-webflow-signature': hmac('sha256', secret, ms + ':' + body, 'hex') };
}
const body = fixture(__dirname, 'form-submission.json');
const now = 1663158916;
const secret = "wf_secret_2b8d";
const previous = "wf_old";
secretVectors(__dirname, {
  id: 'webflow', sign, body, now, secret, previous,
  settings: {"tributary.webflow.webhook-secret": "wf_secret_2b8d"},
});
