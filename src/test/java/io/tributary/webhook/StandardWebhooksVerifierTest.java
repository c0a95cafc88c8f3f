package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.tributary.testing.ClerkSender;
import io.tributary.testing.ManualClock;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.junit.jupiter.api.Test;

/** Standard Webhooks v1, from the specification's own test vector. */
class StandardWebhooksVerifierTest {

    // The test vector of the Standard Webhooks specification and its reference libraries.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final ManualClock clock = new ManualClock();

    private StandardWebhooksVerifier verifier(String prefix) {
        StandardWebhooksVerifier v = new StandardWebhooksVerifier();
        v.setHeaderPrefix(prefix);
        v.setSecret(SECRET);
        v.setClock(clock);
        clock.set(Instant.ofEpochSecond(TIMESTAMP));
        return v;
    }

    private static SignedRequest request(String prefix, String id, long timestamp, String signature, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        if (id != null) {
            h.put(prefix + "id", id);
        }
        h.put(prefix + "timestamp", String.valueOf(timestamp));
        if (signature != null) {
            h.put(prefix + "signature", signature);
        }
        return new SignedRequest(body.getBytes(StandardCharsets.UTF_8), h, "/webhooks/test");
    }

    private static SignedRequest valid() {
        return request("webhook-", ID, TIMESTAMP, SIGNATURE, BODY);
    }

    private static Reason rejection(StandardWebhooksVerifier v, SignedRequest r) {
        return assertThrows(WebhookRejectedException.class, () -> v.verify(r)).reason();
    }

    @Test
    void should_accept_the_specification_test_vector() {
        assertDoesNotThrow(() -> verifier("webhook-").verify(valid()));
        assertEquals(SIGNATURE, ClerkSender.signature(SECRET, ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)),
                "the test sender signs like the specification");
    }

    @Test
    void should_read_the_svix_header_names_and_any_header_case() {
        assertDoesNotThrow(() -> verifier("svix-").verify(request("svix-", ID, TIMESTAMP, SIGNATURE, BODY)));
        assertDoesNotThrow(() -> verifier("svix-").verify(request("Svix-", ID, TIMESTAMP, SIGNATURE, BODY)));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(verifier("svix-"), valid()), "webhook- headers when svix- are expected");
    }

    @Test
    void should_accept_any_matching_signature_among_several() {
        String several = "v1a,ignoredAsymmetric v1,bm90LXRoZS1yaWdodC1tYWM= " + SIGNATURE;
        assertDoesNotThrow(() -> verifier("webhook-").verify(request("webhook-", ID, TIMESTAMP, several, BODY)));
    }

    @Test
    void should_accept_either_of_two_configured_secrets_while_ours_rotate() {
        StandardWebhooksVerifier v = verifier("webhook-");
        v.setSecret("whsec_" + java.util.Base64.getEncoder().encodeToString("a newer secret".getBytes(StandardCharsets.UTF_8)) + " " + SECRET);
        assertDoesNotThrow(() -> v.verify(valid()));
    }

    @Test
    void should_refuse_deliveries_signed_outside_the_tolerance_as_stale() {
        StandardWebhooksVerifier v = verifier("webhook-");
        clock.set(Instant.ofEpochSecond(TIMESTAMP).plus(Duration.ofMinutes(5)));
        assertDoesNotThrow(() -> v.verify(valid()), "exactly 5 min old is still inside");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Reason.STALE, rejection(v, valid()), "a replay of an old delivery");
        clock.set(Instant.ofEpochSecond(TIMESTAMP).minus(Duration.ofMinutes(5)).minusSeconds(1));
        assertEquals(Reason.STALE, rejection(v, valid()), "signed in the future");
        v.setTolerance("10m");
        assertDoesNotThrow(() -> v.verify(valid()));
    }

    @Test
    void should_refuse_a_tampered_body_another_id_or_another_secret() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", ID, TIMESTAMP, SIGNATURE, "{\"test\": 2432232315}")));
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", "msg_other", TIMESTAMP, SIGNATURE, BODY)));
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", ID, TIMESTAMP + 1, SIGNATURE, BODY)),
                "the timestamp is signed too");
        StandardWebhooksVerifier other = verifier("webhook-");
        other.setSecret("whsec_" + java.util.Base64.getEncoder().encodeToString("another".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Reason.BAD_SIGNATURE, rejection(other, valid()));
    }

    @Test
    void should_refuse_missing_headers_and_signatures_without_a_v1_entry() {
        assertEquals(Reason.MISSING_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", null, TIMESTAMP, SIGNATURE, BODY)));
        assertEquals(Reason.MISSING_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", ID, TIMESTAMP, null, BODY)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", ID, TIMESTAMP, "v2,abc", BODY)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(verifier("webhook-"), request("webhook-", ID, TIMESTAMP, "v1,%%%", BODY)));
    }

    @Test
    void should_refuse_a_secret_that_is_not_base64_without_echoing_it() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StandardWebhooksVerifier().setSecret("whsec_not*base64!"));
        assertFalse(e.getMessage().contains("not*base64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new StandardWebhooksVerifier().setHeaderPrefix("svix"));
        assertThrows(IllegalArgumentException.class, () -> new StandardWebhooksVerifier().setTolerance("0s"));
    }
}
