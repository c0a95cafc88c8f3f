// square: x-square-hmacsha256-signature: <base64> over public URL + body, as https://developer.squareup.com/docs/webhooks/step3validate describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK square 43.2.1 (installed outside the repository, see ../../vectors.cjs).
// The last vector is Square's own, published in its SDK's test (square/square-nodejs-sdk, tests/integration/webhooks.test.ts,
// commit 46347a5dde96496c18c8cc14b882aa6fd7b6e979): that body, signature key, notification URL and signature, unchanged.
// Deterministic: fixed now and test secrets; running it again rewrites vectors.json byte for byte.
const { fixture, hmac, check, secretVectors } = require('../../vectors.cjs');
const { WebhooksHelper } = require('square');
const URL_SIGNED = 'https://hooks.example.com/webhooks/square';
function sign(secret, body, ts) {
  return { 'x-square-hmacsha256-signature': hmac('sha256', secret, URL_SIGNED + body, 'base64') };
}
async function sdkCheck(secret, body, headers, url = URL_SIGNED) {
  return WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: headers['x-square-hmacsha256-signature'],
    signatureKey: secret, notificationUrl: url });
}
const published = {
  body: '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}',
  signature: 'GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=',
  key: 'Ibxx_5AKakO-3qeNVR61Dw',
  url: 'https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9',
};
async function main() {
  const headers = { 'x-square-hmacsha256-signature': published.signature };
  check(await sdkCheck(published.key, published.body, headers, published.url), 'published');
  await secretVectors(__dirname, {
    id: 'square', sign, body: fixture(__dirname, 'payment-created.json'), now: 1641859609, // 2022-01-11T00:06:49Z
    secret: "sq0wbk-test-9F3kq2L8", previous: "sq0wbk-old",
    sdkCheck,
    checkedBy: 'checked by square 43.2.1',
    settings: {"tributary.square.webhook-secret": "sq0wbk-test-9F3kq2L8", "tributary.square.public-url": "https://hooks.example.com/webhooks/square"},
    more: [{ name: "Square's published vector (square-nodejs-sdk tests/integration/webhooks.test.ts)",
      settings: { 'tributary.square.webhook-secret': published.key, 'tributary.square.public-url': published.url },
      headers, body: published.body }],
  });
}
main();
