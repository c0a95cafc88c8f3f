// gitlab: token: X-Gitlab-Token equals the secret, as https://docs.gitlab.com/user/project/integrations/webhooks/ describes it. The signature is computed with Node's crypto.
const { fixture, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  return { 'X-Gitlab-Token': secret };
}
const body = fixture(__dirname, 'push-event.json');
const extra = {"X-Gitlab-Event": "Push Hook", "X-Gitlab-Instance": "https://gitlab.com", "X-Gitlab-Webhook-UUID": "6d44c23b-8e13-4b3c-9a3b-2d9a4c64c36c", "X-Gitlab-Event-UUID": "13792a34-cac6-4fda-95a8-c58e00a3954e", "Idempotency-Key": "f5e5f430-f57b-4e6e-9fac-d9128cd7232f"};
const now = 1700000000;
const secret = "glwht_5f0e8c2b7a9d4e61";
const previous = "glwht_old";
secretVectors(__dirname, {
  id: 'gitlab', sign, body, extra, now, secret, previous,
  settings: {"tributary.gitlab.webhook-secret": "glwht_5f0e8c2b7a9d4e61"},
});
