package io.tributary.providers.stsgen2;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Batch;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.UnprocessableEventException;
import io.tributary.testing.Fixtures;
import io.tributary.testing.RouteFileBeans;
import io.tributary.webhook.SignatureVerifier;
import io.tributary.webhook.SignedRequest;
import io.tributary.webhook.WebhookRejectedException;
import org.junit.jupiter.api.Test;

class StsGen2NormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final StsGen2Normalizer normalizer = new StsGen2Normalizer();

    @Test
    void should_normalise_the_documented_check_notification() throws Exception {
        byte[] raw = Fixtures.bytes("sts-gen2", "webhook-check-notification.json");
        List<CanonicalEvent> events = normalizer.normalize(raw, Channel.WEBHOOK);
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals("8253c2a5-5b3c-497d-a87f-f8bb2e250ba7", e.id());
        assertEquals("sts-gen2.CheckNotification", e.type());
        assertEquals("tfoinc/fdmnh144/42/929aacee2c6d42c78ae877e824c28eed00000431", e.subject());
        assertEquals("/sts-gen2/tfoinc", e.source());
        assertEquals(OffsetDateTime.parse("2021-08-13T15:40:43.511Z"), e.time());
        assertEquals(JSON.readTree(raw).get("messages").get(0), JSON.readTree(e.data()));
    }

    @Test
    void should_split_a_batch_into_one_event_per_message_with_the_parts_of_the_resource_present() {
        String body = "{\"messages\":[{\"id\":\"a\",\"creationDate\":\"2021-08-13T15:40:43Z\",\"messageType\":{\"id\":\"OrganizationsNotification\"},\"resource\":{\"orgShortName\":\"tfoinc\"},\"data\":{}},"
                + "{\"id\":\"b\",\"messageType\":{\"id\":\"CheckNotification\"},\"resource\":{\"orgShortName\":\"tfoinc\",\"locRef\":\"l1\"}}]}";
        List<CanonicalEvent> events = normalizer.normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK);
        assertEquals(List.of("a", "b"), events.stream().map(CanonicalEvent::id).toList());
        assertEquals("tfoinc", events.get(0).subject());
        assertEquals("tfoinc/l1", events.get(1).subject());
    }

    @Test
    void should_dead_letter_a_message_without_id_alone_and_keep_the_others_of_its_batch() {
        String body = "{\"messages\":[{\"id\":\"a\",\"messageType\":{\"id\":\"CheckNotification\"},\"resource\":{}},"
                + "{\"messageType\":{\"id\":\"CheckNotification\"}}]}";
        Batch batch = normalizer.normalizeEach(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK, Map.of());
        assertEquals(List.of("a"), batch.events().stream().map(CanonicalEvent::id).toList());
        assertEquals(1, batch.deadLetters().size());
        assertEquals("{\"messageType\":{\"id\":\"CheckNotification\"}}", new String(batch.deadLetters().get(0).raw(), StandardCharsets.UTF_8));
        assertEquals("{}", new String(normalizer.normalizeEach("{}".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK, Map.of())
                .deadLetters().get(0).raw(), StandardCharsets.UTF_8), "no messages array: the delivery is the dead letter");
    }

    @Test
    void should_refuse_a_body_without_messages_or_a_message_without_id() {
        assertThrows(UnprocessableEventException.class, () -> normalizer.normalize("{}".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
        assertThrows(UnprocessableEventException.class, () -> normalizer.normalize(
                "{\"messages\":[{\"messageType\":{\"id\":\"CheckNotification\"}}]}".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
    }

    @Test
    void should_verify_the_route_files_digest_against_a_vector_computed_outside_the_jvm() throws Exception {
        byte[] key = "an-sts-gen2-hmac-key-of-32-bytes!".getBytes(StandardCharsets.UTF_8);
        byte[] body = Fixtures.bytes("sts-gen2", "webhook-check-notification.json");
        // openssl dgst -sha256 -mac HMAC -macopt key:an-sts-gen2-hmac-key-of-32-bytes! -binary < webhook-check-notification.json | base64 (OpenSSL 3.0.19)
        String digest = "vuwO7tBrYe/aIn3j+9887RD9/OSfyklcv8Fqn3Ep3x8=";
        SignatureVerifier v = RouteFileBeans.bean("routes/sts-gen2.camel.yaml", "stsGen2Signature", SignatureVerifier.class,
                Map.of("tributary.sts-gen2.keys", "3f2b1c9e-0000-4000-8000-000000000001=" + Base64.getEncoder().encodeToString(key)));
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, Map.of("Digest", digest, "Key-Id", "3f2b1c9e-0000-4000-8000-000000000001"), "/webhooks/sts-gen2")));
        assertEquals(WebhookRejectedException.Reason.UNKNOWN_KEY, assertThrows(WebhookRejectedException.class,
                () -> v.verify(new SignedRequest(body, Map.of("Digest", digest, "Key-Id", "other"), "/webhooks/sts-gen2"))).reason());
    }

    @Test
    void should_refuse_employees_notifications_with_a_revenue_centre_at_start_up() {
        StsGen2Registrar r = new StsGen2Registrar();
        r.setRvcRef("42");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.setMessageTypes("CheckNotification, EmployeesNotification"));
        assertEquals(true, e.getMessage().contains("EmployeesNotification"));
    }
}
