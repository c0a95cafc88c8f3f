// Adyen: each NotificationRequestItem carries additionalData.hmacSignature = base64(HMAC-SHA256(hex key,
// pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success)), absent
// fields signed as nothing ("Verify HMAC signatures"). The first vector is Adyen's published example (the fixture,
// with the key 44782DEF... of Adyen's docs and SDK tests); the batch of two is signed by Adyen's own SDK,
// @adyen/api-library 32.1.0 (HmacValidator.calculateHmac), and every item is checked by its validateHMAC.
// Three more are Adyen's own published test vectors, each item and signature verbatim, posted in a one-item
// notification: Adyen/adyen-ruby-api-library spec/mocks/responses/Webhooks/colon_webhook.json (commit b55009e0)
// and mixed_webhook.json (commit 27e1c6c3), with the key 74F490DD... of its spec/utils/hmac_validator_spec.rb
// (commit 27e1c6c3), a merchantReference with colons and backslashes that is signed as it is, unescaped; and the
// item of Adyen/adyen-node-api-library src/__tests__/hmacValidator.spec.ts (key DFB1EB..., xhpHvY...).
const { fixture, write, check } = require('../../vectors.cjs');
const HmacValidator = require('@adyen/api-library/lib/src/utils/hmacValidator').default;
const hmac = new HmacValidator();
const key = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';
const published = fixture(__dirname, 'notification.json');
const doc = JSON.parse(published);
const capture = JSON.parse(JSON.stringify(doc.notificationItems[0]));
const item = capture.NotificationRequestItem;
Object.assign(item, { eventCode: 'CAPTURE', pspReference: '8816178952380553', originalReference: '7914073381342284' });
item.additionalData.hmacSignature = hmac.calculateHmac(item, key);
const batch = JSON.stringify({ live: 'false', notificationItems: [doc.notificationItems[0], capture] });
const other = '0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9';
const rotated = JSON.parse(JSON.stringify(capture));
rotated.NotificationRequestItem.additionalData.hmacSignature = hmac.calculateHmac(rotated.NotificationRequestItem, other);
const rotatedBody = JSON.stringify({ live: 'false', notificationItems: [rotated] });
for (const [b, k] of [[published, key], [batch, key], [rotatedBody, other]]) {
  JSON.parse(b).notificationItems.forEach((i) => check(hmac.validateHMAC(i.NotificationRequestItem, k), 'an item'));
}
// One notification around one published item, checked by the SDK, and a vector signed with its key.
function sdkTestVector(name, item, hexKey, tamper) {
  check(hmac.validateHMAC(item, hexKey), name);
  return { name, settings: { 'tributary.adyen.webhook-secret': hexKey }, headers: {},
    body: JSON.stringify({ live: 'false', notificationItems: [{ NotificationRequestItem: item }] }), tamper };
}
const rubyKey = '74F490DD33F7327BAECC88B2947C011FC02D014A473AAA33A8EC93E4DC069174';
const rubyItem = (pspReference, eventDate, merchantReference, acquirerReference, authCode, hmacSignature) => ({
  additionalData: { acquirerCode: 'TestPmmAcquirer', acquirerReference, authCode, avsResult: '5 No AVS data provided',
    avsResultRaw: '5', cardSummary: '1111', 'checkout.cardAddedBrand': 'visa', cvcResult: '1 Matches', cvcResultRaw: 'M',
    expiryDate: '03/2030', hmacSignature, paymentMethod: 'visa', refusalReasonRaw: 'AUTHORISED',
    'retry.attempt1.acquirer': 'TestPmmAcquirer', 'retry.attempt1.acquirerAccount': 'TestPmmAcquirerAccount',
    'retry.attempt1.avsResultRaw': '5', 'retry.attempt1.rawResponse': 'AUTHORISED', 'retry.attempt1.responseCode': 'Approved',
    'retry.attempt1.scaExemptionRequested': 'lowValue', scaExemptionRequested: 'lowValue' },
  amount: { currency: 'EUR', value: 1000 }, eventCode: 'AUTHORISATION', eventDate, merchantAccountCode: 'AntoniStroinski',
  merchantReference, operations: ['CANCEL', 'CAPTURE', 'REFUND'], paymentMethod: 'visa', pspReference,
  reason: authCode + ':1111:03/2030', success: 'true' });
const nodeItem = { pspReference: 'pspReference', originalReference: 'originalReference', merchantAccountCode: 'merchantAccount',
  merchantReference: 'reference', amount: { currency: 'EUR', value: 1000 }, eventCode: 'CAPTURE',
  eventDate: '1970-01-01T00:00:00.000Z', paymentMethod: 'VISA', reason: 'reason', success: 'true',
  additionalData: { hmacSignature: 'xhpHvYq2u2Np0rstbZ6QjLGu7JWhvf7Iwaa6EviJSX0=' } };
write(__dirname, {
  generator: "generate.cjs: Adyen's published examples and SDK test vectors, and @adyen/api-library 32.1.0 HmacValidator (calculateHmac; every item checked by validateHMAC)",
  settings: { 'tributary.adyen.webhook-secret': key },
  now: 1626525760,
  vectors: [
    { name: "Adyen's published example", headers: {}, body: published, tamper: 'TestMerchant' },
    { name: 'a batch of two items, each signed', headers: {}, body: batch, tamper: '8816178952380553' },
    { name: 'signed with the previous key', settings: { 'tributary.adyen.previous-secret': other }, headers: {}, body: rotatedBody, tamper: '8816178952380553' },
    sdkTestVector("Adyen's Ruby library test vector: a colon in merchantReference",
      rubyItem('M8NB66SBZSGLNK82', '2023-01-10T13:40:54+01:00', ':slashes are fun', '8NQH5BNF58M', '039404', '2EQYm7YJpKO4EtHSPu55SQTyWf8dkW5u2nD1tJFpViA='), rubyKey, 'AntoniStroinski'),
    sdkTestVector("Adyen's Ruby library test vector: colons, slashes and backslashes in merchantReference",
      rubyItem('ZVWN7D3WSMK2WN82', '2023-01-10T13:42:29+01:00', '\\:/\\/slashes are fun', 'J8DXDJ2PV6P', '052095', 'CZErGCNQaSsxbaQfZaJlakqo7KPP+mIa8a+wx3yNs9A='), rubyKey, 'AntoniStroinski'),
    sdkTestVector("Adyen's Node library test vector", nodeItem, 'DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00', 'reference",'),
  ],
});
