package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.tributary.testing.ManualClock;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Standard Webhooks' two versions behind one verifier: signatures made here with the JDK, never by the class under test. */
class AnyOfSchemesTest {

    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SECRET = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String BODY = "{\"type\":\"contact.created\",\"timestamp\":\"2022-11-03T20:26:10.344522Z\",\"data\":{\"id\":\"c_1\"}}";
    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ManualClock clock = new ManualClock();
    private final KeyPair pair;

    AnyOfSchemesTest() throws Exception {
        pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private SignatureScheme scheme(String algorithm, String prefix) {
        SignatureScheme s = new SignatureScheme();
        s.setSigned("{header:webhook-id}.{header:webhook-timestamp}.{body}");
        s.setSignature("header:webhook-signature");
        s.setSeparator(" ");
        s.setPrefix(prefix);
        s.setEncoding("base64");
        s.setTimestamp("header:webhook-timestamp");
        s.setAlgorithm(algorithm);
        s.setClock(clock);
        return s;
    }

    private AnyOfSchemes verifier(boolean withSecret, boolean withKey) {
        SignatureScheme v1 = scheme("hmac-sha256", "v1,");
        v1.setSecretEncoding("base64");
        v1.setSecretPrefix("whsec_");
        if (withSecret) {
            v1.setSecret("whsec_" + SECRET);
        }
        SignatureScheme v1a = scheme("ed25519", "v1a,");
        if (withKey) {
            v1a.setPublicKey(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        }
        context.getRegistry().bind("v1", v1);
        context.getRegistry().bind("v1a", v1a);
        AnyOfSchemes any = new AnyOfSchemes();
        any.setCamelContext(context);
        any.setSchemes("v1, v1a");
        return any;
    }

    private static String signed(String ts) {
        return ID + "." + ts + "." + BODY;
    }

    private static String v1(String ts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed(ts).getBytes(StandardCharsets.UTF_8)));
    }

    private String v1a(String ts) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(signed(ts).getBytes(StandardCharsets.UTF_8));
        return "v1a," + Base64.getEncoder().encodeToString(s.sign());
    }

    private static SignedRequest request(String ts, String signature) {
        return new SignedRequest(BODY.getBytes(StandardCharsets.UTF_8), Map.of("webhook-id", ID, "webhook-timestamp", ts,
                "webhook-signature", signature), "/webhooks/standard-webhooks");
    }

    private static Reason rejection(AnyOfSchemes any, SignedRequest r) {
        return assertThrows(WebhookRejectedException.class, () -> any.verify(r)).reason();
    }

    @Test
    void should_accept_either_version_from_the_configured_keys_and_skip_a_scheme_without_key() throws Exception {
        String ts = "1667507170";
        clock.set(Instant.ofEpochSecond(1667507171));
        AnyOfSchemes both = verifier(true, true);
        assertDoesNotThrow(() -> both.verify(request(ts, v1(ts))));
        assertDoesNotThrow(() -> both.verify(request(ts, v1a(ts))));
        assertDoesNotThrow(() -> both.verify(request(ts, v1(ts) + " " + v1a(ts))));
        assertEquals(List.of("webhook-id", "webhook-timestamp", "webhook-signature"), both.headers());
        context.getRegistry().unbind("v1");
        context.getRegistry().unbind("v1a");
        AnyOfSchemes keyOnly = verifier(false, true);
        assertDoesNotThrow(() -> keyOnly.verify(request(ts, v1a(ts))), "v1 has no secret: skipped");
        assertEquals(Reason.MALFORMED_SIGNATURE, rejection(keyOnly, request(ts, v1(ts))), "a v1 signature, and no v1 secret");
    }

    @Test
    void should_refuse_with_the_most_telling_reason() throws Exception {
        AnyOfSchemes both = verifier(true, true);
        String ts = "1667507170";
        clock.set(Instant.ofEpochSecond(1667507170 + 301));
        assertEquals(Reason.STALE, rejection(both, request(ts, v1a(ts))), "a correct v1a signature, too old: not malformed for v1");
        clock.set(Instant.ofEpochSecond(1667507171));
        assertEquals(Reason.BAD_SIGNATURE, rejection(both, request(ts, v1a("1667507169"))), "a v1a signature over other content");
        assertEquals(Reason.MISSING_SIGNATURE, rejection(both, new SignedRequest(BODY.getBytes(StandardCharsets.UTF_8),
                Map.of("webhook-id", ID, "webhook-timestamp", ts), "/webhooks/standard-webhooks")));
        AnyOfSchemes none = new AnyOfSchemes();
        none.setCamelContext(context);
        none.setSchemes("nope");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.verify(request(ts, v1(ts))));
        assertEquals("AnyOfSchemes: 'nope' is not a SignatureScheme bean", e.getMessage());
    }
}
