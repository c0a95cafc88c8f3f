package io.tributary.providers.polytomic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolytomicNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PolytomicNormalizer normalizer = new PolytomicNormalizer();

    @Test
    void should_key_the_documented_api_event_and_its_webhook_form_alike() throws Exception {
        var api = JSON.readTree(Fixtures.bytes("polytomic", "events-list-response.json")).path("data").get(0);
        CanonicalEvent fromApi = normalizer.normalize(JSON.writeValueAsBytes(api), Channel.POLL).get(0);
        String webhook = "{\"type\":\"sync.running\",\"event\":" + api.get("event") + "}";
        CanonicalEvent fromWebhook = normalizer.normalize(webhook.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK).get(0);
        assertEquals("sync.running:248df4b7-aa70-47b8-a036-33ac447e668d", fromApi.id());
        assertEquals(fromApi.dedupeKey(), fromWebhook.dedupeKey());
        assertEquals(fromApi.partitionKey(), fromWebhook.partitionKey(), "same inbox partition: the core sees both copies");
        assertEquals("polytomic.sync.running", fromApi.type());
        assertEquals("248df4b7-aa70-47b8-a036-33ac447e668d", fromApi.subject());
        assertEquals("/polytomic/248df4b7-aa70-47b8-a036-33ac447e668d", fromApi.source());
        assertEquals("2024-01-01T00:00Z", fromApi.time().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sync.running", "sync.completed", "sync.failed", "sync.canceled", "sync.completed_with_errors",
            "bulk_sync.running", "bulk_sync.completed", "bulk_sync.canceled", "bulk_sync.failed", "bulk_sync.completed_with_error"})
    void should_accept_every_documented_type_with_name_or_sync_name(String type) {
        String body = "{\"type\":\"" + type + "\",\"event\":{\"execution_id\":\"e1\",\"sync_id\":\"s1\",\"name\":\"n\",\"sync_name\":\"sn\"}}";
        assertEquals("polytomic." + type, normalizer.normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK).get(0).type());
    }

    @Test
    void should_fall_back_to_the_api_id_without_an_execution_id_and_refuse_events_without_either() {
        String api = "{\"id\":\"api-1\",\"type\":\"sync.running\",\"event\":{\"sync_id\":\"s\"}}";
        assertEquals("api-1", normalizer.normalize(api.getBytes(StandardCharsets.UTF_8), Channel.POLL).get(0).id());
        assertThrows(UnprocessableEventException.class, () -> normalizer.normalize(
                "{\"type\":\"sync.running\",\"event\":{\"sync_id\":\"s\"}}".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
    }

    @Test
    void should_verify_the_default_and_a_configured_scheme_against_vectors_computed_outside_the_jvm() throws Exception {
        byte[] body = "{\"type\":\"sync.completed\",\"event\":{\"execution_id\":\"e\"}}".getBytes(StandardCharsets.UTF_8);
        // printf '%s' "$body" | openssl dgst -sha256 -hmac poly-secret [-binary | base64] (OpenSSL 3.0.19)
        String hex = "88cd01321a16a48d66c0e4925b2bdcf3806b3d6dfd14f291a3d2234caaacd849";
        String base64 = "iM0BMhoWpI1mwOSSWyvc84BrPW39FPKRo9IjTKqs2Ek=";

        SignatureVerifier byDefault = RouteFileBeans.bean("routes/polytomic.camel.yaml", "polytomicSignature", SignatureVerifier.class,
                Map.of("tributary.polytomic.webhook-secret", "poly-secret"));
        assertDoesNotThrow(() -> byDefault.verify(new SignedRequest(body, Map.of("Polytomic-Signature", hex), "/")));
        assertThrows(WebhookRejectedException.class, () -> byDefault.verify(new SignedRequest(body, Map.of("Polytomic-Signature", base64), "/")));

        SignatureVerifier configured = RouteFileBeans.bean("routes/polytomic.camel.yaml", "polytomicSignature", SignatureVerifier.class,
                Map.of("tributary.polytomic.webhook-secret", "poly-secret", "tributary.polytomic.signature-encoding", "base64",
                        "tributary.polytomic.signature-prefix", "sha256="));
        assertDoesNotThrow(() -> configured.verify(new SignedRequest(body, Map.of("polytomic-signature", "sha256=" + base64), "/")));
        assertThrows(WebhookRejectedException.class, () -> configured.verify(new SignedRequest(body, Map.of("Polytomic-Signature", hex), "/")));
    }
}
