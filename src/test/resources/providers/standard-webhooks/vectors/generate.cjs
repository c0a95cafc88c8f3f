// standard-webhooks: Standard Webhooks v1: webhook-signature: v1,<base64> (several) over id.timestamp.body, as https://www.standardwebhooks.com/ (spec/standard-webhooks.md, "Signature scheme") describes it. The signature is computed with Node's crypto; each vector is then checked with the provider's SDK standardwebhooks 1.1.1 (installed outside the repository, see ../../vectors.cjs).
const { fixture, check, crypto, secretVectors, atTime, ed25519FromLabel } = require('../../vectors.cjs');
const { Webhook } = require('standardwebhooks');
function sign(secret, body, ts) {
  const id = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
  // Signed by the SDK itself (Webhook.sign), and checked with Webhook.verify below.
  const sig = new Webhook(secret).sign(id, new Date(ts * 1000), body);
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': sig };
}
// Webhook.verify refuses a timestamp 5 minutes from the clock: it checks with the clock stopped at `now`.
function sdkCheck(secret, body, headers) { return atTime(now, () => { new Webhook(secret).verify(body, headers); return true; }); }
const body = fixture(__dirname, 'contact-created.json');
const extra = {"webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", "webhook-timestamp": "1674087231"};
const now = 1674087232; // a fixed clock: the spec's example timestamp (1674087231) + 1 s, the vectors sign now - 1
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const previous = "whsec_dGhlIG9sZCBvbmUgd2hpbGUgaXQgcm90YXRlcw==";
// v1a (asymmetric): webhook-signature: v1a,<base64 Ed25519 signature> over the same id.timestamp.body, the
// sender's public key whpk_<base64 of the raw 32 bytes>. The standardwebhooks SDK implements v1 only, so v1a is
// signed and checked with Node's Ed25519 here, as the specification describes, with a fixed test key (its seed is
// SHA-256 of a label), so the file is the same on every run.
function v1a(name, settings, withV1) {
  const { publicKey, privateKey } = ed25519FromLabel('tributary standard-webhooks v1a test key');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const ts = String(now - 1);
  const signed = Buffer.from(extra['webhook-id'] + '.' + ts + '.' + body, 'utf8');
  const sig = crypto.sign(null, signed, privateKey);
  check(crypto.verify(null, signed, publicKey, sig), name);
  const v1 = withV1 ? sign(secret, body, now - 1)['webhook-signature'] + ' ' : '';
  return { name, settings: { ...settings, 'tributary.standard-webhooks.public-key': 'whpk_' + raw.toString('base64') },
    headers: { ...extra, 'webhook-timestamp': ts, 'webhook-signature': v1 + 'v1a,' + sig.toString('base64') }, body };
}
secretVectors(__dirname, {
  id: 'standard-webhooks', sign, body, extra, now, secret, previous,
  sdkCheck,
  checkedBy: 'v1 checked by standardwebhooks 1.1.1; v1a (Ed25519) by Node crypto (the SDK has no v1a)',
  settings: {"tributary.standard-webhooks.webhook-secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},
  more: [v1a('v1a only, the public key alone configured', { 'tributary.standard-webhooks.webhook-secret': '' }, false),
    v1a('v1 and v1a in one header, both keys configured', {}, true)],
});
