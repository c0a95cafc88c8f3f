// square: x-square-hmacsha256-signature: <base64> over public URL + body, as https://developer.squareup.com/docs/webhooks/step3validate describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK square 43.2.1 (installed outside the repository, see ../../vectors.cjs).
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
const { WebhooksHelper } = require('square');
const URL_SIGNED = 'https://hooks.example.com/webhooks/square';
function sign(secret, body, ts) {
  return { 'x-square-hmacsha256-signature': hmac('sha256', secret, URL_SIGNED + body, 'base64') };
}
async function sdkCheck(secret, body, headers) {
  return WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: headers['x-square-hmacsha256-signature'],
    signatureKey: secret, notificationUrl: URL_SIGNED });
}
const body = fixture(__dirname, 'payment-created.json');
const now = 1581024450;
const secret = "sq0wbk-test-9F3kq2L8";
const previous = "sq0wbk-old";
secretVectors(__dirname, {
  id: 'square', sign, body, now, secret, previous,
  sdkCheck,
  checkedBy: 'checked by square 43.2.1',
  settings: {"tributary.square.webhook-secret": "sq0wbk-test-9F3kq2L8", "tributary.square.public-url": "https://hooks.example.com/webhooks/square"},
});
