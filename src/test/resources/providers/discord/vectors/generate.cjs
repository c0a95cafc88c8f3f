// Discord: X-Signature-Ed25519 = hex(Ed25519(private key, X-Signature-Timestamp + body)), as the
// "Security and Authorization" section of Discord's interactions docs describes. Keys and signatures
// are made with Node's crypto; each vector is then checked with Discord's own discord-interactions
// 4.4.0 (verifyKey), installed outside the repository (see ../../vectors.cjs).
const { fixture, write, check, crypto, ed25519FromLabel } = require('../../vectors.cjs');
const { verifyKey } = require('discord-interactions');
const body = fixture(__dirname, 'entitlement-create.json');
const now = 1729262573;
// Fixed test keys (seed = SHA-256 of a label) and Ed25519's deterministic signatures: the same file on every run.
function keyPair(label) {
  const { publicKey, privateKey } = ed25519FromLabel(label);
  return { privateKey, hex: publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('hex') };
}
// Discord's PING (type 0), sent when the webhook events URL is saved: answered 204 after the signature.
const ping = '{"version":1,"application_id":"1234560123453231555","type":0}';
async function vector(name, k, settings, signedBody = body) {
  const ts = String(now - 2);
  const sig = crypto.sign(null, Buffer.from(ts + signedBody, 'utf8'), k.privateKey).toString('hex');
  check(await verifyKey(signedBody, sig, ts, k.hex), name);
  return { name, settings, headers: { 'X-Signature-Ed25519': sig, 'X-Signature-Timestamp': ts }, body: signedBody };
}
(async () => {
  const current = keyPair('tributary discord test key');
  const previous = keyPair('tributary discord previous test key');
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto (Ed25519), each vector checked by discord-interactions 4.4.0 verifyKey',
    settings: { 'tributary.discord.public-key': current.hex },
    now,
    vectors: [await vector('signed with the application key', current, {}),
      await vector('signed with the previous key', previous, { 'tributary.discord.previous-public-key': previous.hex }),
      await vector('PING', current, {}, ping)],
  });
})();
