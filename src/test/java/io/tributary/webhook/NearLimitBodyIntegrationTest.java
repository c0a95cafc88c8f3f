package io.tributary.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * A body just under the HTTP limit (1 MiB) becomes a record larger than Kafka's default 1 MB once
 * wrapped in its CloudEvent; the topics and producers are sized from the limit plus headroom, so it
 * is published, not refused with a 503 forever.
 */
class NearLimitBodyIntegrationTest {

    private static final String SECRET = "near-limit";

    @Test
    void should_publish_a_verified_body_just_under_the_http_limit() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = TributaryApp.onTestKafka(run);
        props.put("tributary.thirdfort.webhook-secret", SECRET);
        props.put("tributary.thirdfort.topic", "it-near-limit-" + run);
        try (TributaryApp app = TributaryApp.start(props)) {
            String head = "{\"name\":\"organizations/acme-corp/notifications/BIG-" + run + "\",\"type\":\"notification.client.check_complete.v1\","
                    + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C1\",\"pad\":\"";
            String tail = "\"}}";
            int limit = 1024 * 1024;
            byte[] body = (head + "x".repeat(limit - 64 - head.length() - tail.length()) + tail).getBytes(StandardCharsets.UTF_8);
            var response = app.post("thirdfort", body, Map.of("Content-Type", "application/json",
                    "x-thirdfort-signature", ProviderSigning.thirdfort(SECRET, body)));
            assertEquals(200, response.statusCode(), response.body());
            await().atMost(Duration.ofSeconds(60)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), "it-near-limit-" + run).size() == 1);
        }
    }
}
