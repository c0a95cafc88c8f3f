package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tributary.webhook.WebhookRejectedException.Reason;
import org.junit.jupiter.api.Test;

class HmacSignatureVerifierTest {

    private static final String SECRET = "whsec-test-1234";
    private static final String BODY = "{\"name\":\"organizations/acme-corp/notifications/01JRA4ABC123\",\"type\":\"notification.client.check_complete.v1\"}";

    private static HmacSignatureVerifier thirdfort() {
        HmacSignatureVerifier v = new HmacSignatureVerifier();
        v.setHeader("x-thirdfort-signature");
        v.setEncoding("base64");
        v.setSecret(SECRET);
        return v;
    }

    private static WebhookScenario scenario() {
        return WebhookScenario.valid(BODY, SECRET, "x-thirdfort-signature", "base64");
    }

    private static Reason rejection(HmacSignatureVerifier v, SignedRequest r) {
        return assertThrows(WebhookRejectedException.class, () -> v.verify(r)).reason();
    }

    @Test
    void should_accept_a_valid_signature() {
        assertDoesNotThrow(() -> thirdfort().verify(scenario().request()));
    }

    @Test
    void should_accept_a_known_answer_vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        HmacSignatureVerifier v = new HmacSignatureVerifier();
        v.setHeader("X-Signature");
        v.setSecret("Jefe");
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        String vector = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, java.util.Map.of("X-Signature", vector), "/")));
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, java.util.Map.of("X-Signature", vector.toUpperCase()), "/")));
        assertEquals(Reason.BAD_SIGNATURE, rejection(v, new SignedRequest(body, java.util.Map.of("X-Signature", vector.replace('5', '6')), "/")));
    }

    @Test
    void should_reject_a_tampered_body() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(thirdfort(), scenario().withTamperedBody().request()));
    }

    @Test
    void should_reject_a_signature_made_with_another_secret() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(thirdfort(), scenario().withWrongSecret().request()));
    }

    @Test
    void should_reject_a_missing_signature_header() {
        assertEquals(Reason.MISSING_SIGNATURE, rejection(thirdfort(), scenario().withoutSignature().request()));
    }

    @Test
    void should_reject_a_signature_that_is_not_base64() {
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(thirdfort(), scenario().withSignatureValue("%%%not-base64%%%").request()));
    }

    @Test
    void should_find_the_header_whatever_its_case() {
        assertDoesNotThrow(() -> thirdfort().verify(scenario().withHeaderNameCase("X-Thirdfort-Signature").request()));
        assertDoesNotThrow(() -> thirdfort().verify(scenario().withHeaderNameCase("X-THIRDFORT-SIGNATURE").request()));
    }

    @Test
    void should_reject_a_truncated_signature() {
        String sig = scenario().signature();
        assertEquals(Reason.BAD_SIGNATURE, rejection(thirdfort(), scenario().withSignatureValue(sig.substring(0, 8)).request()));
    }

    @Test
    void should_verify_hex_with_a_prefix() {
        HmacSignatureVerifier v = new HmacSignatureVerifier();
        v.setHeader("X-Zenoo-Signature");
        v.setPrefix("sha256=");
        v.setSecret(SECRET);
        WebhookScenario s = WebhookScenario.valid(BODY, SECRET, "X-Zenoo-Signature", "hex").withPrefix("sha256=");
        assertDoesNotThrow(() -> v.verify(s.request()));
        WebhookScenario unprefixed = WebhookScenario.valid(BODY, SECRET, "X-Zenoo-Signature", "hex");
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(v, unprefixed.request()));
    }

    @Test
    void should_sign_path_and_body_and_honour_a_signed_path_override() {
        HmacSignatureVerifier v = new HmacSignatureVerifier();
        v.setHeader("X-Alcmeon-Webhook-Signature");
        v.setSignedContent("path-body");
        v.setSecret(SECRET);
        WebhookScenario s = WebhookScenario.valid(BODY, SECRET, "X-Alcmeon-Webhook-Signature", "hex").signingPathAndBody("/public/hooks/alcmeon");
        assertEquals(Reason.BAD_SIGNATURE, rejection(v, s.withPath("/webhooks/alcmeon").request()));
        v.setSignedPath("/public/hooks/alcmeon");
        assertDoesNotThrow(() -> v.verify(s.request()));
    }

    @Test
    void should_select_the_key_by_key_id_so_keys_can_rotate() {
        byte[] oldKey = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        byte[] newKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);
        HmacSignatureVerifier v = new HmacSignatureVerifier();
        v.setHeader("Digest");
        v.setEncoding("base64");
        v.setKeyIdHeader("Key-Id");
        v.setKeys("old=" + Base64.getEncoder().encodeToString(oldKey) + ",new=" + Base64.getEncoder().encodeToString(newKey));
        WebhookScenario signedOld = WebhookScenario.valid(BODY, "", "Digest", "base64").signedWithKeyBytes(oldKey).withHeader("Key-Id", "old");
        WebhookScenario signedNew = WebhookScenario.valid(BODY, "", "Digest", "base64").signedWithKeyBytes(newKey).withHeader("key-id", "new");
        WebhookScenario wrongId = WebhookScenario.valid(BODY, "", "Digest", "base64").signedWithKeyBytes(newKey).withHeader("Key-Id", "old");
        WebhookScenario unknownId = WebhookScenario.valid(BODY, "", "Digest", "base64").signedWithKeyBytes(newKey).withHeader("Key-Id", "gone");
        assertDoesNotThrow(() -> v.verify(signedOld.request()));
        assertDoesNotThrow(() -> v.verify(signedNew.request()));
        assertEquals(Reason.BAD_SIGNATURE, rejection(v, wrongId.request()));
        assertEquals(Reason.UNKNOWN_KEY, rejection(v, unknownId.request()));
    }

    @Test
    void should_refuse_bad_configuration_at_start_up() {
        HmacSignatureVerifier v = new HmacSignatureVerifier();
        assertThrows(IllegalArgumentException.class, () -> v.setEncoding("base32"));
        assertThrows(IllegalStateException.class, () -> v.setAlgorithm("HmacNope"));
        assertThrows(IllegalArgumentException.class, () -> v.setKeys("no-equals-sign"));
    }
}
