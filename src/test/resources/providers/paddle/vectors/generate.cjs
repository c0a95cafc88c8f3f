// paddle: Paddle-Signature: ts=..;h1=<hex> over ts:body, as https://developer.paddle.com/webhooks/signature-verification describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK @paddle/paddle-node-sdk 3.10.0 (installed outside the repository, see ../../vectors.cjs).
// Deterministic: a fixed now (one second after the fixture's occurred_at) and fixed test secrets, so running it again
// rewrites vectors.json byte for byte. The SDK refuses a ts more than 5 s old by the wall clock, so its check runs
// with Date's clock pinned to that same now.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
const { Webhooks, NodeRuntime } = require('@paddle/paddle-node-sdk');
NodeRuntime.initialize(); // what new Paddle(apiKey) does first
function sign(secret, body, ts) {
  return { 'Paddle-Signature': 'ts=' + ts + ';h1=' + hmac('sha256', secret, ts + ':' + body, 'hex') };
}
const now = 1692355579; // 2023-08-18T10:46:19Z
function atNow(run) {
  const RealDate = Date;
  global.Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [now * 1000])); } };
  try { return run(); } finally { global.Date = RealDate; }
}
async function sdkCheck(secret, body, headers) {
  return atNow(() => new Webhooks().isSignatureValid(body, secret, headers['Paddle-Signature']));
}
const body = fixture(__dirname, 'customer-created.json');
const secret = "pdl_ntfset_01h8441jx8x1q971q9ksksqh82_testkey";
const previous = "pdl_ntfset_old";
secretVectors(__dirname, {
  id: 'paddle', sign, body, now, secret, previous,
  sdkCheck,
  checkedBy: 'checked by @paddle/paddle-node-sdk 3.10.0',
  settings: {"tributary.paddle.webhook-secret": "pdl_ntfset_01h8441jx8x1q971q9ksksqh82_testkey"},
});
