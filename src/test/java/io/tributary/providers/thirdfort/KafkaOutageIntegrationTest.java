package io.tributary.providers.thirdfort;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away and comes back. Webhooks get 503 (Thirdfort retries), the poller keeps its
 * cursor, health reports Kafka down (readiness stays up), and afterwards every event is in Kafka exactly once.
 * This test owns its broker, so stopping it disturbs no other test.
 */
class KafkaOutageIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "outage-secret";

    private EmbeddedKafkaBroker broker;
    private TributaryApp app;
    private ThirdfortSimulator sim;

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private Map<String, String> headers(byte[] body) {
        return Map.of("Content-Type", "application/json", "x-thirdfort-signature", ProviderSigning.thirdfort(SECRET, body));
    }

    private static byte[] notification(String id) {
        return ("{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.report_generated.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C1\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_answer_503_while_kafka_is_down_and_lose_nothing_afterwards() throws Exception {
        Path dir = Files.createTempDirectory("tributary-outage-kafka");
        int port = TributaryApp.freePort();
        int controllerPort = TributaryApp.freePort();
        broker = new EmbeddedKafkaBroker(dir, port, controllerPort).start();
        sim = new ThirdfortSimulator();
        sim.add(3);
        Map<String, String> props = new HashMap<>(Map.of(
                "tributary.kafka.bootstrap-servers", broker.bootstrapServers(),
                "tributary.kafka.publish-timeout", "2s",
                "tributary.kafka.partitions", "1",
                "tributary.thirdfort.webhook-secret", SECRET,
                "tributary.thirdfort.base-url", sim.baseUrl(),
                "tributary.thirdfort.token-url", sim.tokenUrl(),
                "tributary.thirdfort.organization", ThirdfortSimulator.ORG,
                "tributary.thirdfort.client-id", ThirdfortSimulator.CLIENT_ID,
                "tributary.thirdfort.client-secret", ThirdfortSimulator.CLIENT_SECRET,
                "tributary.thirdfort.poll-interval", "300ms"));
        props.put("tributary.poll.tick", "100ms");
        app = TributaryApp.start(props);
        String topic = "tributary.events.thirdfort";

        assertEquals(200, app.post("thirdfort", notification("BEFORE"), headers(notification("BEFORE"))).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(broker.bootstrapServers(), topic).size() == 4);

        broker.close();
        byte[] during = notification("DURING");
        long started = System.nanoTime();
        var refused = app.post("thirdfort", during, headers(during));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(tookMs < 15_000, "503 comes within the publish timeout, took " + tookMs + " ms");
        await().atMost(Duration.ofSeconds(20)).until(() -> app.get(app.managementUrl("/observe/health?data=true")).body()
                .contains("Kafka is not reachable"));
        assertEquals(200, app.get(app.managementUrl("/observe/health/live")).statusCode(), "alive while Kafka is away: no restart loop");
        assertEquals(200, app.get(app.managementUrl("/observe/health/ready")).statusCode(),
                "ready while Kafka is away: every replica shares the outage, and durable providers are still accepted");
        sim.add(4); // published by Thirdfort while our Kafka is away: the cursor must not pass them
        await().atMost(Duration.ofSeconds(30)).until(() -> app.get(app.managementUrl("/observe/health?data=true")).body()
                .contains("thirdfort-poll.failing-for-seconds")); // the failing poller is named in health

        broker = new EmbeddedKafkaBroker(dir, port, controllerPort).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !app.get(app.managementUrl("/observe/health?data=true")).body()
                .contains("Kafka is not reachable"));
        // Thirdfort retries the delivery that got 503.
        await().atMost(Duration.ofSeconds(30)).until(() -> app.post("thirdfort", during, headers(during)).statusCode() == 200);

        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaRecords.readAll(broker.bootstrapServers(), topic).size() >= 9);
        List<String> ids = KafkaRecords.readAll(broker.bootstrapServers(), topic).stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).sorted().collect(Collectors.toList());
        assertEquals(List.of("BEFORE", "DURING", "N0000001", "N0000002", "N0000003", "N0000004", "N0000005", "N0000006", "N0000007"), ids);
    }
}
