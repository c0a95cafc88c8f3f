// Thirdfort: x-thirdfort-signature = base64(HMAC-SHA256(secret, raw body)) (Thirdfort's webhook docs).
// Thirdfort publishes no SDK; the signature is computed with Node's crypto.
const { fixture, write, hmac } = require('../../vectors.cjs');
const body = fixture(__dirname, 'notification-v1.json');
const secret = 'whsec-test-1234';
write(__dirname, {
  generator: 'generate.cjs: Node ' + process.version + ' crypto',
  settings: { 'tributary.thirdfort.webhook-secret': secret },
  now: 1700000000,
  vectors: [{ name: 'signed with the secret', headers: { 'x-thirdfort-signature': hmac('sha256', secret, body, 'base64') }, body }],
});
