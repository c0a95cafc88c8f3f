// pagerduty: X-PagerDuty-Signature: v1=<hex>[,v1=...] over the body, as https://developer.pagerduty.com/docs/verifying-webhook-signatures describes it. The signature is computed with Node's crypto.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
function sign(secret, body, ts) {
  // While a secret rotates PagerDuty sends one v1= per secret: the first one here is another secret's.
  return { 'X-PagerDuty-Signature': 'v1=' + hmac('sha256', 'pd-another-secret', body, 'hex') + ',v1=' + hmac('sha256', secret, body, 'hex') };
}
const body = fixture(__dirname, 'incident-priority-updated.json');
const extra = {};
const now = 1601664322;
const secret = "pd_whsec_3b9f1e7c2a";
const previous = "pd_whsec_old";
async function vector(name, key, settings) {
  const headers = { ...extra, ...sign(key, body, now - 1) };
  
  return { name, settings, headers, body };
}
(async () => {
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto',
    settings: {"tributary.pagerduty.webhook-secret": "pd_whsec_3b9f1e7c2a"},
    now,
    vectors: [await vector('signed with the secret', secret, {}),
      await vector('signed with the previous secret', previous, { 'tributary.pagerduty.previous-secret': previous })],
  });
})();
