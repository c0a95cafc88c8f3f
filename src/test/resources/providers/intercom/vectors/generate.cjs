// intercom: X-Hub-Signature: sha1=<hex> (HMAC-SHA1) over the body, as https://developers.intercom.com/docs/references/webhooks/webhook-models describes it. The signature is computed with Node's crypto.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'X-Hub-Signature': 'sha1=' + hmac('sha1', secret, body, 'hex') };
}
const body = fixture(__dirname, 'conversation-user-created.json');
const extra = {};
const now = 1617211357;
const secret = "ic_client_secret_4a2f";
const previous = "ic_old";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto',
    settings: {"tributary.intercom.webhook-secret": "ic_client_secret_4a2f"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.intercom.previous-secret': previous })],
  });
})();
