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

module.exports = { fixture, write, hmac, check, crypto };
