// pagerduty: X-PagerDuty-Signature: v1=<hex>[,v1=...] over the body, as https://developer.pagerduty.com/docs/verifying-webhook-signatures describes it. The signature is computed with Node's crypto.
const { fixture, hmac, secretVectors } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  // While a secret rotates PagerDuty sends one v1= per secret: the first one here is another secret's.
  return { 'X-PagerDuty-Signature': 'v1=' + hmac('sha256', 'pd-another-secret', body, 'hex') + ',v1=' + hmac('sha256', secret, body, 'hex') };
}
const body = fixture(__dirname, 'incident-priority-updated.json');
const now = 1601664322;
const secret = "pd_whsec_3b9f1e7c2a";
const previous = "pd_whsec_old";
secretVectors(__dirname, {
  id: 'pagerduty', sign, body, now, secret, previous,
  settings: {"tributary.pagerduty.webhook-secret": "pd_whsec_3b9f1e7c2a"},
});
