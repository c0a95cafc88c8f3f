package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import io.tributary.testing.ManualClock;
import io.tributary.testing.StripeSender;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.junit.jupiter.api.Test;

/** Stripe-Signature, with a vector computed here from a known secret. */
class StripeSignatureVerifierTest {

    private static final String SECRET = "whsec_test_3f9a1c0e5b7d4a2e8c6f";
    private static final long T = 1686089970;
    private static final byte[] BODY = "{\"id\":\"evt_1NG8Du2eZvKYlo2CUI79vXWy\",\"object\":\"event\",\"type\":\"setup_intent.created\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final ManualClock clock = new ManualClock();

    private StripeSignatureVerifier verifier() {
        StripeSignatureVerifier v = new StripeSignatureVerifier();
        v.setSecret(SECRET);
        v.setClock(clock);
        clock.set(Instant.ofEpochSecond(T));
        return v;
    }

    private static SignedRequest request(String header, byte[] body) {
        return new SignedRequest(body, header == null ? Map.of() : Map.of("stripe-signature", header), "/webhooks/stripe");
    }

    private static Reason rejection(StripeSignatureVerifier v, SignedRequest r) {
        return assertThrows(WebhookRejectedException.class, () -> v.verify(r)).reason();
    }

    @Test
    void should_match_a_vector_computed_from_the_signed_payload() {
        // HMAC-SHA256 keyed with the whole whsec_ string over "1686089970." + body, computed outside Java
        // (Python's hmac module) when this test was written.
        String vector = "t=1686089970,v1=8f8e5dd0f39499def8e5682352457aa5ea400a23c9a99af3983d58588a050775";
        assertDoesNotThrow(() -> verifier().verify(request(vector, BODY)));
        assertEquals(vector, StripeSender.header(SECRET, T, BODY), "the test sender signs like Stripe");
    }

    @Test
    void should_accept_any_of_several_v1_signatures_and_ignore_v0() {
        String rolled = "t=" + T + ",v1=" + StripeSender.v1("whsec_the_old_one", T, BODY) + ",v1=" + StripeSender.v1(SECRET, T, BODY)
                + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
        assertDoesNotThrow(() -> verifier().verify(request(rolled, BODY)));
    }

    @Test
    void should_refuse_another_secret_or_a_tampered_body() {
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier(), request(StripeSender.header("whsec_wrong", T, BODY), BODY)));
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("setup_intent", "charge").getBytes(StandardCharsets.UTF_8);
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier(), request(StripeSender.header(SECRET, T, BODY), tampered)));
        String otherTime = "t=" + (T + 1) + ",v1=" + StripeSender.v1(SECRET, T, BODY);
        assertEquals(Reason.BAD_SIGNATURE, rejection(verifier(), request(otherTime, BODY)), "t is signed too");
    }

    @Test
    void should_refuse_a_stale_or_future_timestamp_as_a_replay() {
        StripeSignatureVerifier v = verifier();
        String header = StripeSender.header(SECRET, T, BODY);
        clock.set(Instant.ofEpochSecond(T + 300));
        assertDoesNotThrow(() -> v.verify(request(header, BODY)), "300 s is the tolerance");
        clock.set(Instant.ofEpochSecond(T + 301));
        assertEquals(Reason.STALE, rejection(v, request(header, BODY)));
        clock.set(Instant.ofEpochSecond(T - 301));
        assertEquals(Reason.STALE, rejection(v, request(header, BODY)));
    }

    @Test
    void should_refuse_a_missing_or_malformed_header() {
        assertEquals(Reason.MISSING_SIGNATURE, rejection(verifier(), request(null, BODY)));
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(verifier(), request("v1=" + StripeSender.v1(SECRET, T, BODY), BODY)), "no t");
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(verifier(), request("t=" + T, BODY)), "no v1");
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(verifier(), request("t=" + T + ",v1=zz", BODY)), "v1 not hex");
    }
}
