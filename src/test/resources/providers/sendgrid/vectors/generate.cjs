// SendGrid Signed Event Webhook: X-Twilio-Email-Event-Webhook-Signature = base64(DER ECDSA P-256 /
// SHA-256 over X-Twilio-Email-Event-Webhook-Timestamp + body); the verification key is base64 SPKI.
// Keys and signatures are made with Node's crypto; each vector is then checked with SendGrid's own
// @sendgrid/eventwebhook 8.0.0 (EventWebhook.verifySignature), installed outside the repository.
const { fixture, write, check, crypto } = require('../../vectors.cjs');
const { EventWebhook } = require('@sendgrid/eventwebhook');
const body = fixture(__dirname, 'events.json');
const now = 1513299600;
function keyPair() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, spki: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
}
function vector(name, k, settings) {
  const ts = String(now - 3);
  const sig = crypto.sign('sha256', Buffer.from(ts + body, 'utf8'), { key: k.privateKey, dsaEncoding: 'der' }).toString('base64');
  const ew = new EventWebhook();
  check(ew.verifySignature(ew.convertPublicKeyToECDSA(k.spki), body, sig, ts), name);
  return { name, settings, headers: { 'X-Twilio-Email-Event-Webhook-Signature': sig, 'X-Twilio-Email-Event-Webhook-Timestamp': ts }, body };
}
const current = keyPair();
const previous = keyPair();
write(__dirname, {
  generator: 'generate.cjs: Node ' + process.version + ' crypto (ECDSA P-256), each vector checked by @sendgrid/eventwebhook 8.0.0',
  settings: { 'tributary.sendgrid.public-key': current.spki },
  now,
  vectors: [vector('signed with the verification key', current, {}),
    vector('signed with the previous key', previous, { 'tributary.sendgrid.previous-public-key': previous.spki })],
});
