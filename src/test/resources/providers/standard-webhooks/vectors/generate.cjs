// standard-webhooks: Standard Webhooks v1: webhook-signature: v1,<base64> (several) over id.timestamp.body, as https://www.standardwebhooks.com/ (spec/standard-webhooks.md, "Signature scheme") describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK standardwebhooks 1.1.1 (installed outside the repository, see ../../vectors.cjs).
const { fixture, write, hmac, check } = require('../../vectors.cjs');
const { Webhook } = require('standardwebhooks');
function sign(secret, body, ts) {
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  // Signed by the SDK itself (Webhook.sign), and checked with Webhook.verify below.
  const sig = new Webhook(secret).sign(id, new Date(ts * 1000), body);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig };
}
function sdkCheck(secret, body, headers) { new Webhook(secret).verify(body, headers); return true; }
const body = fixture(__dirname, 'contact-created.json');
const extra = {"webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "webhook-timestamp": "1667507170"};
const now = Math.floor(Date.now() / 1000);
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const previous = "whsec_dGhlIG9sZCBvbmUgd2hpbGUgaXQgcm90YXRlcw==";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  check(await sdkCheck(key, body, headers), name);
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto, checked by standardwebhooks 1.1.1',
    settings: {"tributary.standard-webhooks.webhook-secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.standard-webhooks.previous-secret': previous })],
  });
})();
