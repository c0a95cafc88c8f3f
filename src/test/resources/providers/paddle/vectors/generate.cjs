// paddle: Paddle-Signature: ts=..;h1=<hex> over ts:body, as https://developer.paddle.com/webhooks/signature-verification describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK @paddle/paddle-node-sdk 3.10.0 (installed outside the repository, see ../../vectors.cjs).
const { fixture, hmac, secretVectors, atTime } = require('../../vectors.cjs');
const { Webhooks, NodeRuntime } = require('@paddle/paddle-node-sdk');
NodeRuntime.initialize(); // what new Paddle(apiKey) does first
function sign(secret, body, ts) {
  return { 'Paddle-Signature': 'ts=' + ts + ';h1=' + hmac('sha256', secret, ts + ':' + body, 'hex') };
}
// The SDK refuses a ts more than 5 s old by the clock: it checks with the clock stopped at `now`.
async function sdkCheck(secret, body, headers) { return atTime(now, () => new Webhooks().isSignatureValid(body, secret, headers['Paddle-Signature'])); }
const body = fixture(__dirname, 'customer-created.json');
const now = 1692619068; // a fixed clock: the fixture's occurred_at (2023-08-21T11:57:47Z) + 1 s
const secret = "pdl_ntfset_01h8441jx8x1q971q9ksksqh82_testkey";
const previous = "pdl_ntfset_old";
secretVectors(__dirname, {
  id: 'paddle', sign, body, now, secret, previous,
  sdkCheck,
  checkedBy: 'checked by @paddle/paddle-node-sdk 3.10.0',
  settings: {"tributary.paddle.webhook-secret": "pdl_ntfset_01h8441jx8x1q971q9ksksqh82_testkey"},
});
