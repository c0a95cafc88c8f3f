package io.tributary.providers.alcmeon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.UnprocessableEventException;
import io.tributary.testing.Fixtures;
import io.tributary.testing.RouteFileBeans;
import io.tributary.webhook.SignatureVerifier;
import io.tributary.webhook.SignedRequest;
import io.tributary.webhook.WebhookRejectedException;
import org.junit.jupiter.api.Test;

class AlcmeonNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AlcmeonNormalizer normalizer = new AlcmeonNormalizer();

    @Test
    void should_normalise_a_webhook_action_and_the_same_polled_action_to_one_event() throws Exception {
        byte[] webhook = Fixtures.bytes("alcmeon", "webhook-action.json");
        byte[] polled = JSON.writeValueAsBytes(JSON.readTree(webhook).get("action"));
        CanonicalEvent w = normalizer.normalize(webhook, Channel.WEBHOOK).get(0);
        CanonicalEvent p = normalizer.normalize(polled, Channel.POLL).get(0);
        assertEquals("98765", w.id());
        assertEquals("alcmeon.answer", w.type());
        assertEquals("conv-7781", w.subject());
        assertEquals("/alcmeon/301", w.source());
        assertEquals(OffsetDateTime.parse("2024-01-22T13:05:41Z"), w.time());
        assertEquals(w.dedupeKey(), p.dedupeKey());
        assertEquals(w.partitionKey(), p.partitionKey(), "same inbox partition: the core sees both copies");
        assertArrayEquals(p.data(), w.data(), "data is the action on both channels");
    }

    @Test
    void should_read_a_full_timestamp_in_date() {
        String action = "{\"id\":1,\"type\":\"tag\",\"date\":\"2024-01-22T13:05:41+01:00\",\"task\":{\"conversation_id\":\"c\"}}";
        assertEquals(OffsetDateTime.parse("2024-01-22T13:05:41+01:00"),
                normalizer.normalize(action.getBytes(StandardCharsets.UTF_8), Channel.POLL).get(0).time());
    }

    @Test
    void should_refuse_an_action_without_numeric_id_or_type() {
        assertThrows(UnprocessableEventException.class, () -> normalizer.normalize("{\"id\":3,\"action\":{\"type\":\"x\"}}".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
        assertThrows(UnprocessableEventException.class, () -> normalizer.normalize("{\"id\":\"abc\",\"type\":\"x\"}".getBytes(StandardCharsets.UTF_8), Channel.POLL));
    }

    @Test
    void should_verify_the_route_files_scheme_against_a_vector_computed_outside_the_jvm() throws Exception {
        // { printf '/webhooks/alcmeon '; cat webhook-action.json; } | openssl dgst -sha256 -hmac alcmeon-app-secret (OpenSSL 3.0.19)
        String signature = "f0830801aaeea63197f5185e01a638b9f8ffffe803769ad52d6b7f245497bf3c";
        byte[] body = Fixtures.bytes("alcmeon", "webhook-action.json");
        SignatureVerifier v = RouteFileBeans.bean("routes/alcmeon.camel.yaml", "alcmeonSignature", SignatureVerifier.class,
                Map.of("tributary.alcmeon.webhook-secret", "alcmeon-app-secret"));
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, Map.of("X-Alcmeon-Webhook-Signature", signature), "/webhooks/alcmeon")));
        assertEquals(WebhookRejectedException.Reason.BAD_SIGNATURE, assertThrows(WebhookRejectedException.class,
                () -> v.verify(new SignedRequest(body, Map.of("X-Alcmeon-Webhook-Signature", signature), "/webhooks/alcmeon/"))).reason(),
                "the path is signed as the caller used it");
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(signature));
        assertThrows(WebhookRejectedException.class,
                () -> v.verify(new SignedRequest(body, Map.of("X-Alcmeon-Webhook-Signature", base64), "/webhooks/alcmeon")), "hex, not base64");
    }
}
