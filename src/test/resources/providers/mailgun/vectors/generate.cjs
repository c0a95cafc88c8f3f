// Mailgun: signature.signature = hex(HMAC-SHA256(signing key, signature.timestamp + signature.token)), all three in
// the JSON body ("Securing webhooks"). Mailgun's SDKs do not verify webhooks; the signature is computed
// with Node's crypto. Mailgun signs no byte of event-data, so "tamper" names the signed text whose first
// byte the catalogue test changes.
const { fixture, write, hmac } = require('../../vectors.cjs');
const documented = JSON.parse(fixture(__dirname, 'event-opened.json'));
const now = 1529006860;
function vector(name, key, settings) {
  const doc = JSON.parse(JSON.stringify(documented));
  doc.signature.signature = hmac('sha256', key, doc.signature.timestamp + doc.signature.token, 'hex');
  return { name, settings, headers: {}, body: JSON.stringify(doc), tamper: doc.signature.token };
}
write(__dirname, {
  generator: 'generate.cjs: Node ' + process.version + ' crypto',
  settings: { 'tributary.mailgun.webhook-secret': 'key-mailgun-test-7f3c' },
  now,
  vectors: [vector('signed with the key', 'key-mailgun-test-7f3c', {}),
    vector('signed with the previous key', 'key-mailgun-old', { 'tributary.mailgun.previous-secret': 'key-mailgun-old' })],
});
