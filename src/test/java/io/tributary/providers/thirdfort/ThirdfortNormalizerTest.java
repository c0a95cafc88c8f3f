package io.tributary.providers.thirdfort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.CanonicalEvent;
import io.tributary.core.Channel;
import io.tributary.core.UnprocessableEventException;
import io.tributary.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ThirdfortNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ThirdfortNormalizer normalizer = new ThirdfortNormalizer();

    private static byte[] firstNotification(String fixture) throws Exception {
        JsonNode page = JSON.readTree(Fixtures.bytes("thirdfort", fixture));
        return JSON.writeValueAsBytes(page.path("notifications").get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"list-notifications-response-v1.json", "list-notifications-response-v1alpha1.json"})
    void should_normalise_both_documented_payload_versions(String fixture) throws Exception {
        byte[] raw = firstNotification(fixture);
        List<CanonicalEvent> events = normalizer.normalize(raw, Channel.POLL);
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
    void should_give_the_same_id_for_a_webhook_and_a_poll_of_one_notification() throws Exception {
        byte[] raw = firstNotification("list-notifications-response-v1.json");
        assertEquals(normalizer.normalize(raw, Channel.WEBHOOK).get(0).dedupeKey(),
                normalizer.normalize(raw, Channel.POLL).get(0).dedupeKey());
        assertEquals(normalizer.normalize(raw, Channel.WEBHOOK).get(0).partitionKey(),
                normalizer.normalize(raw, Channel.POLL).get(0).partitionKey(), "same inbox partition: the core sees both copies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"report_generated.v1", "ongoing_monitoring_hit.v1", "ongoing_monitoring_started.v1",
            "ongoing_monitoring_renewed.v1", "check_complete.v1"})
    void should_accept_every_documented_type_and_unknown_fields(String type) {
        String body = "{\"name\":\"organizations/o1/notifications/N1\",\"type\":\"notification.client." + type
                + "\",\"createTime\":\"2024-06-15T10:30:00.123Z\",\"payload\":{\"@type\":\"x\",\"check\":\"organizations/o1/teams/t/checks/C1\",\"hitCount\":3,\"brandNew\":{\"a\":1}},\"extra\":true}";
        CanonicalEvent e = normalizer.normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK).get(0);
        assertEquals("thirdfort.notification.client." + type, e.type());
        assertEquals("N1", e.id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{}", "{\"name\":\"organizations/o1/notifications/N1\"}",
            "{\"name\":\"bad-name\",\"type\":\"t\"}", "{\"name\":\"organizations/o1/notifications/N1\",\"type\":\"t\",\"createTime\":\"yesterday\"}"})
    void should_refuse_what_is_not_a_thirdfort_notification(String body) {
        assertThrows(UnprocessableEventException.class,
                () -> normalizer.normalize(body.getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
    }
}
