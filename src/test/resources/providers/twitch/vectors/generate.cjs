// Twitch EventSub: Twitch-Eventsub-Message-Signature = "sha256=" + hex(HMAC-SHA256(secret, message id + timestamp
// + body)), as "Verifying the event message" describes. Signatures are made with Node's crypto; each is then
// checked by @twurple/eventsub-http 8.1.4's own verification (EventSubHttpBase's _verifyData, the method its
// HTTP listener calls on every message), installed outside the repository.
const path = require('node:path');
const { fixture, write, hmac, check } = require('../../vectors.cjs');
const { EventSubHttpBase } = require(path.join(path.dirname(require.resolve('@twurple/eventsub-http')), 'EventSubHttpBase.js'));
const secret = 'twitch_eventsub_secret_4a7c';
const body = fixture(__dirname, 'channel-follow.json');
const id = 'befa7b53-d79d-478f-86b9-120f112b044e';
const ts = '2019-11-16T10:11:12.634234626Z';
function signed(name, key, settings) {
  const sig = 'sha256=' + hmac('sha256', key, id + ts + body, 'hex');
  check(EventSubHttpBase.prototype._verifyData.call({ _secret: key }, id, ts, body, sig), name);
  return { name, settings, headers: { 'Twitch-Eventsub-Message-Id': id, 'Twitch-Eventsub-Message-Retry': '0',
    'Twitch-Eventsub-Message-Type': 'notification', 'Twitch-Eventsub-Message-Timestamp': ts,
    'Twitch-Eventsub-Subscription-Type': 'channel.follow', 'Twitch-Eventsub-Subscription-Version': '2',
    'Twitch-Eventsub-Message-Signature': sig }, body };
}
write(__dirname, {
  generator: 'generate.cjs: Node ' + process.version + ' crypto, each checked by @twurple/eventsub-http 8.1.4 EventSubHttpBase._verifyData',
  settings: { 'tributary.twitch.webhook-secret': secret },
  now: Math.floor(Date.parse(ts) / 1000) + 60,
  vectors: [signed('channel.follow signed with the secret', secret, {}),
    signed('signed with the previous secret', 'twitch_old_secret', { 'tributary.twitch.previous-secret': 'twitch_old_secret' })],
});
