// Slack: X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + X-Slack-Request-Timestamp + ":" + body)),
// as "Verifying requests from Slack" describes. The first vector is that page's worked example (its secret,
// timestamp, slash-command body and signature, copied as published); the others are signed with Node's
// crypto over the Events API fixture, and every vector is checked by Slack's own @slack/events-api 3.0.1
// (verifyRequestSignature), installed outside the repository (see ../../vectors.cjs).
const { fixture, write, hmac, check } = require('../../vectors.cjs');
const { verifyRequestSignature } = require('@slack/events-api');
const ts = '1531420618';
const now = Number(ts) + 30;
const published = {
  name: "Slack's worked example (docs)",
  settings: { 'tributary.slack.webhook-secret': '8f742231b10e8888abcd99yyyzzz85a5' },
  headers: { 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503' },
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar'
    + '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text='
    + '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN'
    + '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
};
const secret = 'slack_signing_secret_5c1e9a7f';
const body = fixture(__dirname, 'event-callback.json');
function signed(name, key, settings) {
  return { name, settings, headers: { 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': 'v0=' + hmac('sha256', key, 'v0:' + ts + ':' + body, 'hex') }, body };
}
const vectors = [published, signed('an event_callback signed with the secret', secret, {}),
  signed('signed with the previous secret', 'slack_old_secret', { 'tributary.slack.previous-secret': 'slack_old_secret' })];
const realNow = Date.now;
Date.now = () => now * 1000; // the SDK refuses a timestamp older than 5 minutes
for (const v of vectors) {
  const key = (v.settings || {})['tributary.slack.previous-secret'] || (v.settings || {})['tributary.slack.webhook-secret'] || secret;
  check(verifyRequestSignature({ signingSecret: key, requestSignature: v.headers['X-Slack-Signature'],
    requestTimestamp: Number(ts), body: v.body }) === true, v.name);
}
Date.now = realNow;
write(__dirname, {
  generator: "generate.cjs: the docs' worked example, and Node " + process.version + ' crypto; each checked by @slack/events-api 3.0.1 verifyRequestSignature',
  settings: { 'tributary.slack.webhook-secret': secret },
  now,
  vectors,
});
