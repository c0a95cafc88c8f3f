package io.tributary.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tributary.core.CursorStore;
import io.tributary.core.Json;
import io.tributary.core.TributaryMetrics;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.StripeSimulator;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The documented Stripe poller snippet as a route file of a running Tributary (the tributary-poll
 * template, leader election, the inbox and the core) against the Stripe simulator: every event
 * once, also when new ones arrive later and when Stripe answers 429.
 */
class StripeStylePollingIntegrationTest {

    private StripeSimulator sim;
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
    void should_publish_every_stripe_event_once_across_polls_and_a_429() throws Exception {
        sim = new StripeSimulator();
        sim.add(25);
        Path routes = Files.createTempDirectory("tributary-stripe-routes");
        Files.copy(Path.of("routes/tributary.camel.yaml"), routes.resolve("tributary.camel.yaml"));
        Files.copy(Path.of("src/test/resources/pollers/stripe-events.camel.yaml"), routes.resolve("stripe.camel.yaml"));
        Files.copy(Path.of("src/test/resources/pollers/stripe-test-normalizer.camel.yaml"), routes.resolve("stripe-test.camel.yaml"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "it-stripe-" + run;
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.routes-dir", routes.toString());
        p.put("tributary.stripe.topic", topic);
        p.put("tributary.stripe.base-url", sim.baseUrl());
        p.put("tributary.stripe.api-key", StripeSimulator.API_KEY);
        p.put("tributary.stripe.page-size", "10");
        p.put("tributary.stripe.poll-interval", "300ms");
        app = TributaryApp.start(p);

        awaitExactly(topic, 25);
        sim.failNext(429, "1");
        sim.add(13);
        awaitExactly(topic, 38);
        int served = sim.served();
        int calls = sim.queries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.queries().size() >= calls + 3);
        awaitExactly(topic, 38);
        assertEquals(served, sim.served(), "caught-up polls read nothing again");

        TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        assertTrue(metrics.value("tributary.poll.errors", "provider", "stripe") >= 1, "the 429 counts as a poll error");
        CursorStore store = app.context().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class);
        assertEquals(StripeSimulator.id(38), store.load("stripe").orElseThrow().value());
    }

    private void awaitExactly(String topic, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() >= count);
        List<String> ids = KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream()
                .map(r -> Json.read(r.value()).get("id").asText()).toList();
        assertEquals(count, ids.size(), "records");
        assertEquals(count, Set.copyOf(ids).size(), "distinct ids");
    }
}
