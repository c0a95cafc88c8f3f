// typeform: Typeform-Signature: sha256=<base64> over the body, as https://www.typeform.com/developers/webhooks/secure-your-webhooks/ describes it. The signature is computed with Node's crypto.
// The last vector is Typeform's own, published in its SDK's test (github.com/Typeform/js-api-client,
// tests/unit/verify-signature.test.ts, commit 187327c25dbb62ea28b06288d702b3bd5a7a077f): body {"foo":"bar"}
// (JSON.stringify of { foo: 'bar' }), secret my-webook-secret, signature unchanged.
// Deterministic: fixed now and test secrets; running it again rewrites vectors.json byte for byte.
const { fixture, hmac, check, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Typeform-Signature': 'sha256=' + hmac('sha256', secret, body, 'base64') };
}
const published = { body: '{"foo":"bar"}', secret: 'my-webook-secret', signature: 'sha256=X2b3nUhiGjaWHxmPO/YQzUvHXBNac4gPjZ5/bjXrhQY=' };
check(sign(published.secret, published.body)['Typeform-Signature'] === published.signature, 'published');
const body = fixture(__dirname, 'form-response.json');
const now = 1516299422;
const secret = "tf_secret_0c7e2d9b";
const previous = "tf_secret_old";
secretVectors(__dirname, {
  id: 'typeform', sign, body, now, secret, previous,
  settings: {"tributary.typeform.webhook-secret": "tf_secret_0c7e2d9b"},
  more: [{ name: "Typeform's published vector (js-api-client tests/unit/verify-signature.test.ts)",
    settings: { 'tributary.typeform.webhook-secret': published.secret },
    headers: { 'Typeform-Signature': published.signature }, body: published.body }],
});
