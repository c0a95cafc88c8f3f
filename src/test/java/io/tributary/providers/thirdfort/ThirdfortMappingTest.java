package io.tributary.providers.thirdfort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.Json;
import io.tributary.event.UnprocessableEventException;
import io.tributary.mapping.EventMapping;
import io.tributary.testing.Fixtures;
import io.tributary.testing.MemoryCursorStore;
import io.tributary.testing.RouteFileBeans;
import io.tributary.webhook.SignatureVerifier;
import io.tributary.webhook.SignedRequest;
import io.tributary.webhook.WebhookRejectedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The event mapping of routes/thirdfort.camel.yaml (Thirdfort has no Java) on the documented examples. */
class ThirdfortMappingTest {

    private DefaultCamelContext context;
    private EventMapping mapping;

    @BeforeEach
    void load() throws Exception {
        context = RouteFileBeans.load(Map.of(), new MemoryCursorStore(), "routes/thirdfort.camel.yaml");
        mapping = context.getRegistry().lookupByNameAndType("thirdfortEvents", EventMapping.class);
        mapping.setCamelContext(context);
    }

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private static byte[] firstNotification(String fixture) {
        return Json.write(Json.read(Fixtures.bytes("thirdfort", fixture)).path("notifications").get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-notifications-response-v1.json", "list-notifications-response-v1alpha1.json"})
    void should_normalise_both_documented_payload_versions(String fixture) {
        byte[] raw = firstNotification(fixture);
        List<CanonicalEvent> events = mapping.normalize(raw, Channel.POLL);
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals("01JRA4ABC123", e.id());
        assertEquals("/thirdfort/organizations/acme-corp", e.source());
        assertEquals("thirdfort.notification.client.check_complete.v1", e.type());
        assertEquals("organizations/acme-corp/teams/default/checks/01JRA3XYZ789", e.subject());
        assertEquals(OffsetDateTime.parse("2024-06-15T10:30:00Z"), e.time());
        assertEquals("thirdfort:01JRA4ABC123", e.dedupeKey());
        assertArrayEquals(raw, e.data(), "data is the notification unchanged");
    }

    @Test
    void should_give_the_same_id_and_partition_for_a_webhook_and_a_poll_of_one_notification() {
        byte[] raw = Fixtures.bytes("thirdfort", "notification-v1.json");
        CanonicalEvent webhook = mapping.normalize(raw, Channel.WEBHOOK).get(0);
        CanonicalEvent poll = mapping.normalize(firstNotification("list-notifications-response-v1.json"), Channel.POLL).get(0);
        assertEquals(webhook.dedupeKey(), poll.dedupeKey());
        assertEquals(webhook.partitionKey(), poll.partitionKey(), "same inbox partition: the core sees both copies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"report_generated.v1", "ongoing_monitoring_hit.v1", "ongoing_monitoring_started.v1",
            "ongoing_monitoring_renewed.v1", "check_complete.v1"})
    void should_accept_every_documented_type_and_unknown_fields(String type) {
        String body = "{\"name\":\"organizations/o1/notifications/N1\",\"type\":\"notification.client." + type
                + "\",\"createTime\":\"2024-06-15T10:30:00.123Z\",\"payload\":{\"@type\":\"x\",\"check\":\"organizations/o1/teams/t/checks/C1\",\"hitCount\":3,\"brandNew\":{\"a\":1}},\"extra\":true}";
        CanonicalEvent e = mapping.normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK).get(0);
        assertEquals("thirdfort.notification.client." + type, e.type());
        assertEquals("N1", e.id());
        assertEquals("/thirdfort/organizations/o1", e.source());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"name\":\"organizations/o1/notifications/N1\"}", "{\"name\":\"bad-name\",\"type\":\"t\"}",
            "{\"name\":\"organizations/o1/notifications/\",\"type\":\"t\"}",
            "{\"name\":\"organizations/o1/notifications/N1\",\"type\":\"t\",\"createTime\":\"yesterday\"}"})
    void should_refuse_what_is_not_a_thirdfort_notification(String body) {
        assertThrows(UnprocessableEventException.class, () -> mapping.normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
    }

    @Test
    void should_refuse_a_body_that_is_not_json() {
        // NormalizeStep dead-letters any failure; the mapping need only refuse it.
        assertThrows(RuntimeException.class, () -> mapping.normalize("not json".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
    }

    @Test
    void should_verify_the_route_files_signature_against_a_vector_computed_outside_the_jvm() throws Exception {
        byte[] body = Fixtures.bytes("thirdfort", "notification-v1.json");
        // openssl dgst -sha256 -hmac thirdfort-kat-secret -binary < notification-v1.json | base64 (OpenSSL 3.0.19)
        String base64 = "v2LSUOU+1goWBCLNrDT3V14mK9tv6bVGS9c6SRY+HPc=";
        String hex = "bf62d250e53ed60a160422cdac34f7575e262bdb6fe9b5464bd73a49163e1cf7"; // the same MAC in hex
        SignatureVerifier v = RouteFileBeans.bean("routes/thirdfort.camel.yaml", "thirdfortSignature", SignatureVerifier.class,
                Map.of("tributary.thirdfort.webhook-secret", "thirdfort-kat-secret"));
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, Map.of("x-thirdfort-signature", base64), "/webhooks/thirdfort")));
        assertThrows(WebhookRejectedException.class, () -> v.verify(new SignedRequest(body, Map.of("x-thirdfort-signature", hex), "/webhooks/thirdfort")),
                "base64, not hex");
        assertDoesNotThrow(() -> v.verify(new SignedRequest(body, Map.of("X-Thirdfort-Signature", base64), "/behind/a/proxy")), "the body alone is signed");
    }
}
