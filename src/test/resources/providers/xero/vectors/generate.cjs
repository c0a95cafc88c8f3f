// xero: x-xero-signature: <base64> over the body, as https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/ describes it. The signature is computed with Node's crypto.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'x-xero-signature': hmac('sha256', secret, body, 'base64') };
}
const body = fixture(__dirname, 'contact-updated.json');
const extra = {};
const now = 1498007739;
const secret = "xero-webhook-key-Zm9vYmFy";
const previous = "xero-old";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto',
    settings: {"tributary.xero.webhook-secret": "xero-webhook-key-Zm9vYmFy"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.xero.previous-secret': previous })],
  });
})();
