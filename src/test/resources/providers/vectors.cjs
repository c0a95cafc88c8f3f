// Shared by the providers' vectors/generate.cjs scripts: reads a provider's fixture and writes
// vectors/vectors.json, which RouteCatalogTest verifies with the provider's route file (and a
// tampered copy of each, one body byte changed, that must fail).
// Run a generator with the SDKs installed outside the repository, e.g.
//   mkdir -p /tmp/vectors && cd /tmp/vectors && npm install <the SDK named in the script>
//   NODE_PATH=/tmp/vectors/node_modules node src/test/resources/providers/<id>/vectors/generate.cjs
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

function fixture(dir, name) {
  return fs.readFileSync(path.join(dir, '..', name), 'utf8');
}

// doc: {generator, settings: {property: value}, now: unix seconds, vectors: [{name, method, query, headers, body}]}
function write(dir, doc) {
  fs.writeFileSync(path.join(dir, 'vectors.json'), JSON.stringify(doc, null, 2) + '\n');
}

function hmac(algorithm, key, text, encoding) {
  return crypto.createHmac(algorithm, key).update(text, 'utf8').digest(encoding);
}

function check(ok, what) {
  if (!ok) {
    throw new Error('the SDK refuses the vector: ' + what);
  }
}

// The vectors of a provider that signs with a secret: one signed with o.secret, one with o.previous (configured as
// tributary.<o.id>.previous-secret), each request's headers o.extra then o.sign(key, o.body, o.now - 1), each
// checked by o.sdkCheck(key, body, headers) when the provider's SDK verifies; o.more are further vectors.
async function secretVectors(dir, o) {
  async function vector(name, key, settings) {
    const headers = { ...(o.extra || {}), ...o.sign(key, o.body, o.now - 1) };
    if (o.sdkCheck) {
      check(await o.sdkCheck(key, o.body, headers), name);
    }
    return { name, settings, headers, body: o.body };
  }
  write(dir, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto' + (o.checkedBy ? ', ' + o.checkedBy : ''),
    settings: o.settings,
    now: o.now,
    vectors: [await vector('signed with the secret', o.secret, {}),
      await vector('signed with the previous secret', o.previous, { ['tributary.' + o.id + '.previous-secret']: o.previous }),
      ...(o.more || [])],
  });
}

// Runs fn with the clock (Date.now(), new Date()) stopped at the Unix second `seconds`: an SDK that checks a signed
// timestamp against the clock then accepts vectors made for a fixed `now`, so a generator writes the same file on
// every run.
async function atTime(seconds, fn) {
  const Real = Date;
  global.Date = class extends Real {
    constructor(...args) { if (args.length === 0) { super(seconds * 1000); } else { super(...args); } }
    static now() { return seconds * 1000; }
  };
  try {
    return await fn();
  } finally {
    global.Date = Real;
  }
}

// The Ed25519 key pair whose 32-byte private seed is SHA-256(label): a fixed test key, made the same on every run.
function ed25519FromLabel(label) {
  const seed = crypto.createHash('sha256').update(label, 'utf8').digest();
  const privateKey = crypto.createPrivateKey({ key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}

module.exports = { fixture, write, hmac, check, crypto, secretVectors, atTime, ed25519FromLabel };
