// typeform: Typeform-Signature: sha256=<base64> over the body, as https://www.typeform.com/developers/webhooks/secure-your-webhooks/ describes it. The signature is computed with Node's crypto.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Typeform-Signature': 'sha256=' + hmac('sha256', secret, body, 'base64') };
}
const body = fixture(__dirname, 'form-response.json');
const extra = {};
const now = 1516299422;
const secret = "tf_secret_0c7e2d9b";
const previous = "tf_secret_old";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto',
    settings: {"tributary.typeform.webhook-secret": "tf_secret_0c7e2d9b"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.typeform.previous-secret': previous })],
  });
})();
