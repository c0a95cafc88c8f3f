package io.tributary.spool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.testing.AnswerTimes;
import io.tributary.testing.ChildTributary;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TopicTail;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An instance that starts while Kafka is unreachable still opens its webhook port and accepts
 * the deliveries of a provider that never retries (Alcmeon) into its spool, each within the
 * provider's 1 s; once the broker starts, every one is published exactly once.
 */
class StartWithoutKafkaIntegrationTest {

    private static final String SECRET = "no-kafka-alcmeon";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ChildTributary child;
    private EmbeddedKafkaBroker broker;
    private TopicTail tail;

    @AfterEach
    void tearDown() throws Exception {
        if (tail != null) {
            tail.close();
        }
        if (child != null) {
            child.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void should_accept_durable_deliveries_when_started_without_kafka_and_publish_them_once_it_is_back() throws Exception {
        Path kafkaDir = Files.createTempDirectory("no-kafka-broker");
        int kafkaPort = TributaryApp.freePort();
        int controllerPort = TributaryApp.freePort();
        Map<String, String> props = new HashMap<>();
        props.put("tributary.kafka.bootstrap-servers", "127.0.0.1:" + kafkaPort); // nothing listens there yet
        props.put("tributary.kafka.publish-timeout", "2s");
        props.put("tributary.kafka.partitions", "2");
        props.put("tributary.data-dir", Files.createTempDirectory("no-kafka-data").toString());
        props.put("tributary.alcmeon.webhook-secret", SECRET);
        child = new ChildTributary("no-kafka", props).start(); // start() returns once readiness is UP

        for (int i = 1; i <= 30; i++) {
            assertEquals(200, postAlcmeon(child.webhookUrl("alcmeon"), i), "delivery " + i);
        }
        // Alcmeon gives up after 1 s: timed on the server (the child), not by this loaded client.
        await().atMost(Duration.ofSeconds(10)).until(() -> AnswerTimes.of(child.metrics(), "alcmeon").answered() == 30);
        assertEquals(new AnswerTimes(30, 30, 30), AnswerTimes.of(child.metrics(), "alcmeon"), "every delivery answered within 1 s");

        broker = new EmbeddedKafkaBroker(kafkaDir, kafkaPort, controllerPort).start();
        tail = new TopicTail(broker.bootstrapServers(), "tributary.events.alcmeon");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> tail.count() >= 30);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> io.tributary.testing.KafkaRecords.consumed(broker.bootstrapServers(), "tributary", "tributary.inbox"));
        List<String> ids = tail.ids();
        assertEquals(30, Set.copyOf(ids).size(), "lost deliveries");
        assertEquals(30, ids.size(), "duplicated deliveries");
    }

    private static int postAlcmeon(String url, int id) throws Exception {
        byte[] body = ("{\"id\":" + (5000 + id) + ",\"action\":{\"id\":" + id + ",\"type\":\"answer\",\"date\":\"2024-01-22\",\"time\":\"13:05:41\","
                + "\"task\":{\"conversation_id\":\"conv-" + id + "\"},\"account\":{\"id\":301}}}").getBytes(StandardCharsets.UTF_8);
        String sig = ProviderSigning.alcmeon(SECRET, "/webhooks/alcmeon", body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("X-Alcmeon-Webhook-Signature", sig)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
