package io.tributary.providers.alcmeon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.sandbox.AlcmeonSimulator;
import io.tributary.testing.AnswerTimes;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alcmeon's webhook and reconciler on the test broker, against a simulator that enforces the rate limit. */
class AlcmeonIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "alcmeon-webhook-secret";

    private AlcmeonSimulator sim;
    private TributaryApp app;
    private String topic;

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private Map<String, String> props(String pollInterval, String window) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        topic = "it-alcmeon-" + run;
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.data-dir", Files.createTempDirectory("tributary-alcmeon").toString());
        p.put("tributary.spool.drain-interval", "100ms");
        p.put("tributary.alcmeon.topic", topic);
        p.put("tributary.alcmeon.webhook-secret", SECRET);
        p.put("tributary.alcmeon.base-url", sim.baseUrl());
        p.put("tributary.alcmeon.instance-id", AlcmeonSimulator.INSTANCE);
        p.put("tributary.alcmeon.application-secret", AlcmeonSimulator.SECRET);
        p.put("tributary.alcmeon.poll-interval", pollInterval);
        p.put("tributary.alcmeon.rate-limit", "15");
        p.put("tributary.alcmeon.rate-window", window);
        return p;
    }

    private int webhook(long notificationId, int actionId) throws Exception {
        byte[] body = sim.webhookBody(notificationId, actionId);
        String sig = ProviderSigning.alcmeon(SECRET, "/webhooks/alcmeon", body);
        return app.post("alcmeon", body, Map.of("Content-Type", "application/json", "X-Alcmeon-Webhook-Signature", sig)).statusCode();
    }

    private Set<String> publishedIds() {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
    }

    @Test
    void should_fill_a_webhook_gap_with_the_reconciler_without_duplicates() throws Exception {
        sim = new AlcmeonSimulator(15, Duration.ofSeconds(60));
        app = TributaryApp.start(props("1h", "60s"));
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.requests() >= 1); // the start-up poll found nothing
        for (int i = 0; i < 5; i++) {
            sim.add();
        }
        int before = sim.requests();
        assertEquals(200, webhook(101, 1));
        assertEquals(200, webhook(102, 2));
        await().atMost(Duration.ofSeconds(20)).until(() -> publishedIds().size() == 2);
        assertEquals(before, sim.requests(), "consecutive notifications need no reconcile");
        assertEquals(200, webhook(105, 5)); // 103 and 104 never came
        await().atMost(Duration.ofSeconds(30)).until(() -> publishedIds().size() == 5);
        List<?> all = KafkaRecords.readAll(TestKafka.bootstrapServers(), topic);
        assertEquals(5, all.size(), "actions 1, 2 and 5 came both ways and were published once");
        // Alcmeon allows 1 s: timed on the server, whose answer is what we control.
        await().atMost(Duration.ofSeconds(10)).until(() -> AnswerTimes.of(app, "alcmeon").answered() == 3);
        assertEquals(new AnswerTimes(3, 3, 3), AnswerTimes.of(app, "alcmeon"), "every answer within Alcmeon's 1 s");
    }

    @Test
    void should_drain_a_backlog_of_500_actions_without_a_single_429() throws Exception {
        // Tributary's budget is 15 per 2 s; the simulator counts 15 per 1.5 s of arrivals, so a call
        // delayed in transit on a loaded machine is not a 429, while a budget that overspends still is.
        sim = new AlcmeonSimulator(15, Duration.ofMillis(1500));
        for (int i = 0; i < 500; i++) {
            sim.add();
        }
        app = TributaryApp.start(props("1s", "2s"));
        await().atMost(Duration.ofSeconds(90)).until(() -> publishedIds().size() == 500);
        assertEquals(500, KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size());
        assertEquals(0, sim.rateLimited(), "the budget kept every call within the limit");
    }
}
