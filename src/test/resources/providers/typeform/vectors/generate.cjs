// typeform: Typeform-Signature: sha256=<base64> over the body, as https://www.typeform.com/developers/webhooks/secure-your-webhooks/ describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Typeform-Signature': 'sha256=' + hmac('sha256', secret, body, 'base64') };
}
const body = fixture(__dirname, 'form-response.json');
const now = 1516299422;
const secret = "tf_secret_0c7e2d9b";
const previous = "tf_secret_old";
secretVectors(__dirname, {
  id: 'typeform', sign, body, now, secret, previous,
  settings: {"tributary.typeform.webhook-secret": "tf_secret_0c7e2d9b"},
});
