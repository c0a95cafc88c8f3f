// Zoom: x-zm-signature = "v0=" + hex(HMAC-SHA256(secret token, "v0:" + x-zm-request-timestamp + ":" + body)), as
// "Verify webhook events" describes. Zoom posts compact JSON, so the fixture is sent compacted. Signatures are
// made with Node's crypto; each vector is then accepted by Zoom's own SDK, @zoom/rivet 0.4.0 (its
// AwsLambdaReceiver, which verifies before it emits), installed outside the repository.
const { fixture, write, hmac, check } = require('../../vectors.cjs');
const { AwsLambdaReceiver } = require('@zoom/rivet/users');
const secret = 'zoom_secret_token_8d2f61a4';
const body = JSON.stringify(JSON.parse(fixture(__dirname, 'meeting-started.json')));
const ts = '1635885800'; // the second after the fixture's event_ts (1635885799302 ms)
console.debug = () => {}; // the receiver logs each event it processes
function signed(name, key, settings) {
  return { name, settings, headers: { 'x-zm-request-timestamp': ts, 'x-zm-signature': 'v0=' + hmac('sha256', key, 'v0:' + ts + ':' + body, 'hex') }, body };
}
(async () => {
  const vectors = [signed('meeting.started signed with the secret token', secret, {}),
    signed('signed with the previous secret token', 'zoom_old_token', { 'tributary.zoom.previous-secret': 'zoom_old_token' })];
  for (const v of vectors) {
    const receiver = new AwsLambdaReceiver({ webhooksSecretToken: v.settings['tributary.zoom.previous-secret'] || secret });
    receiver.init({ eventEmitter: { emit: async () => {} } });
    const res = await receiver.start()({ headers: v.headers, body: v.body }, {});
    check(res.statusCode === 200, v.name + ': ' + res.body);
  }
  write(__dirname, {
    generator: 'generate.cjs: Node ' + process.version + ' crypto, each vector accepted by @zoom/rivet 0.4.0 AwsLambdaReceiver',
    settings: { 'tributary.zoom.webhook-secret': secret },
    now: Number(ts),
    vectors,
  });
})();
