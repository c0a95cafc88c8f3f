// Okta event hooks sign nothing: the hook sends the secret configured as its "Authentication field" value in a
// header (Authorization unless another is named), and the receiver compares it ("Event hooks", "Authentication").
// No Okta SDK verifies it; the vectors are the fixture with that header, written here.
const { fixture, write } = require('../../vectors.cjs');
const body = fixture(__dirname, 'event-hook.json');
const secret = 'okta_hook_secret_6f2d9b1e';
write(__dirname, {
  generator: 'generate.cjs: the header as Okta documents it (no SDK verifies a shared secret)',
  settings: { 'tributary.okta.webhook-secret': secret },
  now: 1583434000,
  vectors: [
    { name: 'the secret in Authorization', headers: { Authorization: secret }, body },
    { name: 'the previous secret', settings: { 'tributary.okta.previous-secret': 'okta_old_secret' }, headers: { Authorization: 'okta_old_secret' }, body },
    { name: 'the secret in a custom header', settings: { 'tributary.okta.auth-header': 'X-Okta-Secret' }, headers: { 'X-Okta-Secret': secret }, body },
  ],
});
