// intercom: X-Hub-Signature: sha1=<hex> (HMAC-SHA1) over the body, as https://developers.intercom.com/docs/references/webhooks/webhook-models describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'X-Hub-Signature': 'sha1=' + hmac('sha1', secret, body, 'hex') };
}
const body = fixture(__dirname, 'conversation-user-created.json');
const now = 1617211357;
const secret = "ic_client_secret_4a2f";
const previous = "ic_old";
secretVectors(__dirname, {
  id: 'intercom', sign, body, now, secret, previous,
  settings: {"tributary.intercom.webhook-secret": "ic_client_secret_4a2f"},
});
