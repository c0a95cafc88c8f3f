// Twilio: X-Twilio-Signature = base64(HMAC-SHA1(Auth Token, URL + each form parameter, sorted by name, as
// name + value)), as "Webhooks security" describes. The first vector is the documented example (Auth Token
// 12345, https://mycompany.com/myapp.php?foo=1&bar=2 and its five parameters; signature as SignatureSchemeTest
// has it); the others post the fixture as the form Twilio sends. Every signature is made and checked by
// Twilio's own SDK, twilio 6.2.0 (getExpectedTwilioSignature, validateRequest), installed outside the repository.
// One more is Twilio's published test vector, signature verbatim: twilio/twilio-node spec/validation.spec.js
// (commit 005ea9cdbad2969f1d6c1f5059aa7df509f2d934): Auth Token 12345, the same URL, Caller and From +14158675309,
// X-Twilio-Signature RSOYDt4T1cUTdK1PDd93/VVr8B8=.
const { fixture, write, check } = require('../../vectors.cjs');
const twilio = require('twilio');
const token = 'twilio_auth_token_3b9f2c71d0a4';
const url = 'https://hooks.example.com/webhooks/twilio';
const params = JSON.parse(fixture(__dirname, 'incoming-message.json'));
const body = new URLSearchParams(params).toString();
const docParams = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
const docUrl = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const docSignature = twilio.getExpectedTwilioSignature('12345', docUrl, docParams);
check(docSignature === '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', 'the documented example');
const sdkParams = { ...docParams, Caller: '+14158675309', From: '+14158675309' };
const sdkSignature = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';
check(twilio.validateRequest('12345', sdkSignature, docUrl, sdkParams), "twilio-node's test vector");
function signed(name, key, settings) {
  const sig = twilio.getExpectedTwilioSignature(key, url, params);
  check(twilio.validateRequest(key, sig, url, params), name);
  return { name, settings, headers: { 'I-Twilio-Idempotency-Token': 'b7c3e2a0-5f1d-4e8a-9c6b-2d4f8a1e3c5b', 'X-Twilio-Signature': sig }, body };
}
write(__dirname, {
  generator: 'generate.cjs: the documented example, and twilio 6.2.0 getExpectedTwilioSignature, each checked by its validateRequest',
  settings: { 'tributary.twilio.webhook-secret': token, 'tributary.twilio.public-url': url },
  now: 1700000000,
  vectors: [
    { name: "Twilio's documented example", settings: { 'tributary.twilio.webhook-secret': '12345', 'tributary.twilio.public-url': 'https://mycompany.com/myapp.php' },
      query: 'foo=1&bar=2', headers: { 'X-Twilio-Signature': docSignature },
      body: new URLSearchParams({ To: docParams.To, From: docParams.From, Digits: docParams.Digits, Caller: docParams.Caller, CallSid: docParams.CallSid }).toString() },
    { name: "twilio-node's published test vector", settings: { 'tributary.twilio.webhook-secret': '12345', 'tributary.twilio.public-url': 'https://mycompany.com/myapp.php' },
      query: 'foo=1&bar=2', headers: { 'X-Twilio-Signature': sdkSignature }, body: new URLSearchParams(sdkParams).toString() },
    signed('an incoming message signed with the Auth Token', token, {}),
    signed('signed with the previous Auth Token', 'twilio_old_token', { 'tributary.twilio.previous-secret': 'twilio_old_token' }),
  ],
});
