package io.tributary.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tributary.poll.cursor.CursorStore;
import io.tributary.event.Json;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.StripeSender;
import io.tributary.testing.StripeSimulator;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * routes/stripe.camel.yaml in a running Tributary (the tributary-poll template, leader election,
 * the inbox and the core) against the Stripe simulator: every event once, also when new ones
 * arrive later, when Stripe answers 429, and when the same events also come by signed webhook.
 */
class StripeWebhookAndPollIntegrationTest {

    private static final String WEBHOOK_SECRET = "whsec_stripe_webhook_and_poll";

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
    void should_publish_every_stripe_event_once_by_poll_and_webhook_across_a_429() throws Exception {
        sim = new StripeSimulator();
        sim.add(25);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "it-stripe-" + run;
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.stripe.webhook-secret", WEBHOOK_SECRET);
        p.put("tributary.stripe.topic", topic);
        p.put("tributary.stripe.base-url", sim.baseUrl());
        p.put("tributary.stripe.api-key", StripeSimulator.API_KEY);
        p.put("tributary.stripe.page-size", "10");
        p.put("tributary.stripe.poll-interval", "300ms");
        app = TributaryApp.start(p);

        awaitExactly(topic, 25);
        sim.failNext(429, "1");
        // Webhooks for 13 new events (each posted as the poll may also find it) and redeliveries of 5 polled ones.
        List<String> added = sim.add(13);
        StripeSender sender = new StripeSender(WEBHOOK_SECRET);
        long now = System.currentTimeMillis() / 1000;
        for (String id : added) {
            assertEquals(200, sender.send(app, now, sim.event(id)).statusCode());
        }
        for (int n = 1; n <= 5; n++) {
            assertEquals(200, sender.send(app, now, sim.event(StripeSimulator.id(n))).statusCode());
        }
        awaitExactly(topic, 38);
        // The webhooks can publish all 38 before the poll (held back by the 429) has read the new
        // events: count what was served only once the poll has caught up and saved its cursor.
        CursorStore store = app.context().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class);
        await().atMost(Duration.ofSeconds(30)).until(
                () -> store.load("stripe").map(c -> c.value().equals(StripeSimulator.id(38))).orElse(false));
        int served = sim.served();
        int calls = sim.queries().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.queries().size() >= calls + 3);
        awaitExactly(topic, 38);
        assertEquals(served, sim.served(), "caught-up polls read nothing again");

        TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        assertTrue(metrics.value("tributary.poll.errors", "provider", "stripe", "reason", "rate-limited") >= 1, "the 429 counts as a poll error");
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
