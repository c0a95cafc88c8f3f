// sentry: Sentry-Hook-Signature: <hex> over the body, as https://docs.sentry.io/organization/integrations/integration-platform/webhooks/ describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'Sentry-Hook-Signature': hmac('sha256', secret, body, 'hex') };
}
const body = fixture(__dirname, 'issue-created.json');
const extra = {"Request-ID": "e4874d28-4ef3-4a2c-8e44-3a2f4b8b59f4", "Sentry-Hook-Resource": "issue", "Sentry-Hook-Timestamp": "1566248318"};
const now = 1566248318;
const secret = "5f8c3a1e9b7d2c4a6e0f1b3d5a7c9e2f";
const previous = "sentry_old";
secretVectors(__dirname, {
  id: 'sentry', sign, body, extra, now, secret, previous,
  settings: {"tributary.sentry.webhook-secret": "5f8c3a1e9b7d2c4a6e0f1b3d5a7c9e2f"},
});
