// SendGrid Signed Event Webhook: X-Twilio-Email-Event-Webhook-Signature = base64(DER ECDSA P-256 /
// SHA-256 over X-Twilio-Email-Event-Webhook-Timestamp + body); the verification key is base64 SPKI.
// Keys and signatures are made with Node's crypto; each vector is then checked with SendGrid's own
// @sendgrid/eventwebhook 8.0.0 (EventWebhook.verifySignature), installed outside the repository.
const fs = require('node:fs');
const path = require('node:path');
const { fixture, write, check, crypto } = require('../../vectors.cjs');
const { EventWebhook } = require('@sendgrid/eventwebhook');
const body = fixture(__dirname, 'events.json');
const now = 1513299600;
// Fixed test keys: the private scalar is SHA-256 of a label, so the keys are the same on every run.
function keyPair(label) {
  const d = crypto.createHash('sha256').update(label, 'utf8').digest();
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const b64 = (b) => b.toString('base64url');
  const jwk = { kty: 'EC', crv: 'P-256', d: b64(d), x: b64(point.subarray(1, 33)), y: b64(point.subarray(33)) };
  const privateKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
  return { privateKey, spki: crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
}
// ECDSA signatures are randomised (Node has no deterministic nonce): a signature already in vectors.json is kept
// while it still verifies for the same key, timestamp and body, so a second run rewrites the file byte for byte.
const file = path.join(__dirname, 'vectors.json');
const stored = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).vectors : [];
function vector(name, k, settings) {
  const ts = String(now - 3);
  const ew = new EventWebhook();
  const old = stored.find((v) => v.name === name && v.body === body && v.headers['X-Twilio-Email-Event-Webhook-Timestamp'] === ts);
  const oldSig = old && old.headers['X-Twilio-Email-Event-Webhook-Signature'];
  const sig = oldSig && ew.verifySignature(ew.convertPublicKeyToECDSA(k.spki), body, oldSig, ts) ? oldSig
    : crypto.sign('sha256', Buffer.from(ts + body, 'utf8'), { key: k.privateKey, dsaEncoding: 'der' }).toString('base64');
  check(ew.verifySignature(ew.convertPublicKeyToECDSA(k.spki), body, sig, ts), name);
  return { name, settings, headers: { 'X-Twilio-Email-Event-Webhook-Signature': sig, 'X-Twilio-Email-Event-Webhook-Timestamp': ts }, body };
}
const current = keyPair('tributary sendgrid test key');
const previous = keyPair('tributary sendgrid previous test key');
write(__dirname, {
  generator: 'generate.cjs: Node ' + process.version + ' crypto (ECDSA P-256), each vector checked by @sendgrid/eventwebhook 8.0.0',
  settings: { 'tributary.sendgrid.public-key': current.spki },
  now,
  vectors: [vector('signed with the verification key', current, {}),
    vector('signed with the previous key', previous, { 'tributary.sendgrid.previous-public-key': previous.spki })],
});
