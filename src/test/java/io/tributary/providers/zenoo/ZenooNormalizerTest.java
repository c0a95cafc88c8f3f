package io.tributary.providers.zenoo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.UnprocessableEventException;
import io.tributary.testing.Fixtures;
import io.tributary.testing.RouteFileBeans;
import io.tributary.webhook.SignatureVerifier;
import io.tributary.webhook.SignedRequest;
import io.tributary.webhook.WebhookRejectedException;
import org.junit.jupiter.api.Test;

class ZenooNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ZenooNormalizer normalizer = new ZenooNormalizer();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_key_a_documented_clm_envelope_on_its_event_id() throws Exception {
        // The documented example carries a // comment; strip it the way a JSON5 reader would.
        ObjectMapper lenient = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).build();
        byte[] clm = JSON.writeValueAsBytes(lenient.readTree(Fixtures.bytes("zenoo", "clm-webhook-event-envelope.json")));
        CanonicalEvent e = normalizer.normalize(clm, Channel.WEBHOOK).get(0);
        assertEquals("evt_abc123xyz", e.id());
        assertEquals("zenoo.case.created", e.type());
        assertEquals("2026-02-16T10:01Z", e.time().toString());
    }

    @Test
    void should_refuse_a_time_that_is_not_rfc_3339_like_every_normalizer() {
        String journey = "{\"event_type\":\"screening.completed\",\"timestamp\":\"16/02/2026 10:01\",\"journey_id\":\"j1\"}";
        UnprocessableEventException e = assertThrows(UnprocessableEventException.class,
                () -> normalizer.normalize(bytes(journey), Channel.WEBHOOK));
        assertEquals("timestamp '16/02/2026 10:01' is not RFC 3339", e.getMessage());
        String result = "{\"kind\":\"result\",\"token_fingerprint\":\"fp1\",\"payload\":{\"completed_at\":\"yesterday\"}}";
        assertEquals("completed_at 'yesterday' is not RFC 3339", assertThrows(UnprocessableEventException.class,
                () -> normalizer.normalize(bytes(result), Channel.PULL)).getMessage());
    }

    @Test
    void should_key_journey_events_on_journey_and_type_and_a_completed_verification_on_its_reference() {
        String screening = "{\"event_type\":\"screening.completed\",\"timestamp\":\"2026-02-16T10:01:00Z\",\"journey_id\":\"j1\",\"callback_reference\":\"ref-1\",\"status\":\"ok\",\"data\":{}}";
        String completed = screening.replace("screening.completed", "verification.completed");
        assertEquals("j1:screening.completed", normalizer.normalize(bytes(screening), Channel.WEBHOOK).get(0).id());
        assertEquals("verification:ref-1", normalizer.normalize(bytes(completed), Channel.WEBHOOK).get(0).id());
    }

    @Test
    void should_give_the_pulled_result_the_same_id_as_the_completed_webhook() throws Exception {
        var payload = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(Fixtures.bytes("zenoo", "sharable-payload-response.json"));
        payload.put("external_reference", "ref-1");
        String outcome = "{\"kind\":\"result\",\"token_fingerprint\":\"fp1\",\"external_reference\":\"ref-1\",\"payload\":" + payload + "}";
        CanonicalEvent pulled = normalizer.normalize(bytes(outcome), Channel.PULL).get(0);
        assertEquals("verification:ref-1", pulled.id());
        String webhook = "{\"event_type\":\"verification.completed\",\"timestamp\":\"2026-02-16T10:01:00Z\",\"journey_id\":\"j1\",\"callback_reference\":\"ref-1\",\"status\":\"ok\",\"data\":{}}";
        CanonicalEvent pushed = normalizer.normalize(bytes(webhook), Channel.WEBHOOK).get(0);
        assertEquals(pushed.dedupeKey(), pulled.dedupeKey());
        assertEquals(pushed.partitionKey(), pulled.partitionKey(), "same inbox partition: the core sees both copies");
        assertEquals("zenoo.verification.completed", pulled.type());
        assertEquals(payload, JSON.readTree(pulled.data()));
        CanonicalEvent invalid = normalizer.normalize(bytes("{\"kind\":\"token_invalid\",\"token_fingerprint\":\"fp1\",\"external_reference\":\"ref-1\"}"), Channel.PULL).get(0);
        assertEquals("zenoo.pull.token_invalid", invalid.type());
        assertEquals("ref-1", invalid.subject());
        assertEquals("token_invalid:fp1", invalid.id());
        assertEquals("{\"pull_token_fingerprint\":\"fp1\",\"external_reference\":\"ref-1\"}", new String(invalid.data(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void should_refuse_an_unknown_envelope() {
        assertThrows(UnprocessableEventException.class, () -> normalizer.normalize(bytes("{\"event_type\":\"x\"}"), Channel.WEBHOOK));
    }

    @Test
    void should_verify_the_route_files_scheme_against_a_vector_computed_outside_the_jvm() throws Exception {
        byte[] body = Fixtures.bytes("zenoo", "clm-webhook-event-envelope.json");
        // openssl dgst -sha256 -hmac zenoo-secret < clm-webhook-event-envelope.json (OpenSSL 3.0.19)
        String sig = "sha256=dec90a4335124fc8df84b8a8cce536af9866cb12d4aab6ebdb8eaa6d8d6c7e6a";
        SignatureVerifier v = RouteFileBeans.bean("routes/zenoo.camel.yaml", "zenooSignature", SignatureVerifier.class,
                Map.of("tributary.zenoo.webhook-secret", "zenoo-secret"));
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, Map.of("X-Zenoo-Signature", sig), "/webhooks/zenoo")));
        assertThrows(WebhookRejectedException.class, () -> v.verify(new SignedRequest(body, Map.of("X-Zenoo-Signature", sig.substring(7)), "/webhooks/zenoo")),
                "the sha256= prefix is part of the scheme");
    }
}
