package io.tributary.providers.polytomic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testing.KafkaRecords;
import io.tributary.sandbox.PolytomicSimulator;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Polytomic's at-most-once webhooks healed by the Events API poller, on the test broker and a simulator. */
class PolytomicIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "poly-webhook-secret";

    private PolytomicSimulator sim;
    private TributaryApp app;

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void should_publish_300_events_with_shared_timestamps_once_even_when_webhooks_for_half_came_first() throws Exception {
        sim = new PolytomicSimulator();
        sim.add(300, 3, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        sim.setVisible(0); // the API shows nothing yet: the webhooks win the race
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "it-polytomic-" + run;
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.polytomic.topic", topic);
        p.put("tributary.polytomic.webhook-secret", SECRET);
        p.put("tributary.polytomic.api-key", PolytomicSimulator.API_KEY);
        p.put("tributary.polytomic.base-url", sim.baseUrl());
        p.put("tributary.polytomic.poll-interval", "500ms");
        app = TributaryApp.start(p);

        for (int i = 0; i < 300; i += 2) {
            byte[] body = sim.webhookBody(i);
            String sig = ProviderSigning.polytomic(SECRET, body);
            assertEquals(200, app.post("polytomic", body, Map.of("Content-Type", "application/json", "Polytomic-Signature", sig)).statusCode());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() == 150);

        sim.setVisible(300);
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() >= 300);
        int calls = sim.calls();
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.calls() >= calls + 3); // more polls over the overlap window
        List<String> ids = KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList());
        assertEquals(300, ids.size(), "every event once");
        assertEquals(300, ids.stream().distinct().count(), "no duplicates across webhook, poll and overlap");
    }

    @Test
    void should_warn_and_count_a_possible_gap_when_the_cursor_is_older_than_the_retention() throws Exception {
        sim = new PolytomicSimulator();
        sim.add(3, 1, Instant.now().minus(1, ChronoUnit.HOURS));
        sim.setVisible(3);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.polytomic.topic", "it-polytomic-" + run);
        p.put("tributary.polytomic.api-key", PolytomicSimulator.API_KEY);
        p.put("tributary.polytomic.base-url", sim.baseUrl());
        // A cursor saved three days ago: Polytomic has dropped what came after it and before the last 48 h.
        java.util.Properties kp = new java.util.Properties();
        kp.put("bootstrap.servers", TestKafka.bootstrapServers());
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(kp,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            try (var admin = org.apache.kafka.clients.admin.Admin.create(kp)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("it-cursors-" + run, 1, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get();
            }
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("it-cursors-" + run, "polytomic",
                    Instant.now().minus(3, ChronoUnit.DAYS).toString())).get();
        }
        app = TributaryApp.start(p);
        io.tributary.metrics.TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", io.tributary.metrics.TributaryMetrics.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.value("tributary.poll.possible.gaps", "provider", "polytomic") >= 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), "it-polytomic-" + run).size() == 3);
    }
}
