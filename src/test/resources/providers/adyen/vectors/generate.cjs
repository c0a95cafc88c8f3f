// Adyen: each NotificationRequestItem carries additionalData.hmacSignature = base64(HMAC-SHA256(hex key,
// pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success)), absent
// fields signed as nothing ("Verify HMAC signatures"). The first vector is Adyen's published example (the fixture,
// with the key 44782DEF... of Adyen's docs and SDK tests); the batch of two is signed by Adyen's own SDK,
// @adyen/api-library 32.1.0 (HmacValidator.calculateHmac), and every item is checked by its validateHMAC.
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
write(__dirname, {
  generator: "generate.cjs: Adyen's published example, and @adyen/api-library 32.1.0 HmacValidator (calculateHmac, checked by validateHMAC)",
  settings: { 'tributary.adyen.webhook-secret': key },
  now: 1626525760,
  vectors: [
    { name: "Adyen's published example", headers: {}, body: published, tamper: 'TestMerchant' },
    { name: 'a batch of two items, each signed', headers: {}, body: batch, tamper: '8816178952380553' },
    { name: 'signed with the previous key', settings: { 'tributary.adyen.previous-secret': other }, headers: {}, body: rotatedBody, tamper: '8816178952380553' },
  ],
});
