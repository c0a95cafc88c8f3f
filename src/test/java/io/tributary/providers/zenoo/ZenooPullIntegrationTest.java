package io.tributary.providers.zenoo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import io.tributary.sandbox.ZenooSimulator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Zenoo pull-by-token on the test broker: tokens registered on the pending topic, pulled from a simulator on the plan. */
class ZenooPullIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "zenoo-webhook-secret";

    private ZenooSimulator sim;
    private TributaryApp app;
    private String topic;
    private String pendingTopic;
    private Map<String, String> props;

    @BeforeEach
    void setUp() throws Exception {
        sim = new ZenooSimulator();
        String run = UUID.randomUUID().toString().substring(0, 8);
        topic = "it-zenoo-" + run;
        pendingTopic = "it-zenoo-pending-" + run;
        props = new HashMap<>(TributaryApp.onTestKafka(run));
        props.put("tributary.zenoo.topic", topic);
        props.put("tributary.zenoo.pending-topic", pendingTopic);
        props.put("tributary.zenoo.store-topic", "it-zenoo-tokens-" + run);
        props.put("tributary.zenoo.webhook-secret", SECRET);
        props.put("tributary.zenoo.api-key", ZenooSimulator.API_KEY);
        props.put("tributary.zenoo.base-url", sim.baseUrl());
        props.put("tributary.zenoo.fast-interval", "300ms");
        props.put("tributary.zenoo.fast-phase", "3s");
        props.put("tributary.zenoo.slow-interval", "600ms");
        props.put("tributary.zenoo.timeout", "30s");
        props.put("tributary.zenoo.fallback-interval", "1s");
        props.put("tributary.poll.tick", "100ms");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        sim.close();
    }

    private void pending(String token, String reference) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            String ref = reference == null ? "null" : "\"" + reference + "\"";
            producer.send(new ProducerRecord<>(pendingTopic, token, "{\"pull_token\":\"" + token + "\",\"external_reference\":" + ref + "}")).get();
        }
    }

    private List<JsonNode> events() {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream().map(r -> {
            try {
                return JSON.readTree(r.value());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList());
    }

    private List<String> types() {
        return events().stream().map(e -> e.get("type").asText()).sorted().collect(Collectors.toList());
    }

    @Test
    void should_publish_one_result_after_three_204s_and_an_invalid_event_for_a_404() throws Exception {
        sim.script("tok-a", "ref-a", 204, 204, 204, 200);
        sim.script("tok-b", "ref-b", 404);
        app = TributaryApp.start(props);
        pending("tok-a", "ref-a");
        pending("tok-b", "ref-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= 2);
        int callsA = sim.calls("tok-a");
        await().atMost(Duration.ofSeconds(10)).until(() -> app.context().getRegistry()
                .lookupByNameAndType("zenooPulls", ZenooPulls.class).pendingCount() == 0);
        assertEquals(4, callsA, "three 204s, then the 200");
        assertEquals(List.of("zenoo.pull.token_invalid", "zenoo.verification.completed"), types());
        JsonNode result = events().stream().filter(e -> e.get("type").asText().equals("zenoo.verification.completed")).findFirst().orElseThrow();
        assertEquals("verification:ref-a", result.get("id").asText());
        assertEquals("pull", result.get("channel").asText());
    }

    @Test
    void should_cancel_the_pull_when_the_completed_webhook_arrives_first() throws Exception {
        sim.script("tok-c", "ref-c", 204);
        app = TributaryApp.start(props);
        pending("tok-c", "ref-c");
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.calls("tok-c") >= 1);
        byte[] webhook = ("{\"event_type\":\"verification.completed\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"journey_id\":\"j-c\","
                + "\"callback_reference\":\"ref-c\",\"status\":\"completed\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        String sig = ProviderSigning.zenoo(SECRET, webhook);
        assertEquals(200, app.post("zenoo", webhook, Map.of("Content-Type", "application/json", "X-Zenoo-Signature", sig)).statusCode());
        ZenooPulls pulls = app.context().getRegistry().lookupByNameAndType("zenooPulls", ZenooPulls.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> pulls.pendingCount() == 0);
        int calls = sim.calls("tok-c");
        sim.script("tok-c", "ref-c", 200); // the result is ready now, but nobody asks any more
        pending("tok-other", "ref-other");
        sim.script("tok-other", "ref-other", 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= 2); // proves ticks went on
        assertEquals(calls, sim.calls("tok-c"), "the cancelled token is not pulled again");
        assertEquals(List.of("verification:ref-c", "verification:ref-other"),
                events().stream().map(e -> e.get("id").asText()).sorted().collect(Collectors.toList()));
    }

    @Test
    void should_never_publish_a_pull_token_only_its_fingerprint() throws Exception {
        String token = "cap-url-token-0123456789";
        sim.script(token, "", 404); // registered without a reference: the id and subject fall back to the token's identity
        app = TributaryApp.start(props);
        pending(token, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= 1);
        String fingerprint = app.context().getRegistry().lookupByNameAndType("zenooPulls", ZenooPulls.class).fingerprint(token);
        JsonNode invalid = events().get(0);
        assertEquals("token_invalid:" + fingerprint, invalid.get("id").asText());
        assertEquals(fingerprint, invalid.get("subject").asText());
        for (var r : KafkaRecords.readAll(TestKafka.bootstrapServers(), topic)) {
            assertFalse(new String(r.value(), StandardCharsets.UTF_8).contains(token), "the value holds no token");
            assertFalse(r.key().contains(token), "the key holds no token");
        }
    }

    @Test
    void should_retry_a_registration_whose_store_write_failed_instead_of_committing_past_it() throws Exception {
        sim.script("tok-s", "ref-s", 200);
        app = TributaryApp.start(props);
        ZenooPulls pulls = app.context().getRegistry().lookupByNameAndType("zenooPulls", ZenooPulls.class);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        pulls.tokens.storeWriter = (key, value) -> {
            if (writes.incrementAndGet() <= 2) {
                throw new IllegalStateException("simulated: the token store is unavailable");
            }
            pulls.tokens.store().put(key, value);
        };
        pending("tok-s", "ref-s");
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() >= 1);
        assertEquals("verification:ref-s", events().get(0).get("id").asText());
        assertTrue(writes.get() >= 3, "the failed writes were retried");
    }

    @Test
    void should_bound_the_pending_set_and_count_what_it_refuses() throws Exception {
        props.put("tributary.zenoo.max-pending", "2");
        for (String t : List.of("tok-1", "tok-2", "tok-3")) {
            sim.script(t, "ref-" + t, 204);
        }
        app = TributaryApp.start(props);
        pending("tok-1", "ref-1");
        pending("tok-2", "ref-2");
        pending("tok-3", "ref-3");
        io.tributary.metrics.TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", io.tributary.metrics.TributaryMetrics.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics.counter("tributary.zenoo.pending.refused", "zenoo").count() == 1);
        assertEquals(2, app.context().getRegistry().lookupByNameAndType("zenooPulls", ZenooPulls.class).pendingCount());
    }

    @Test
    void should_skip_a_stored_token_with_a_bad_registered_at_and_resume_the_others() throws Exception {
        sim.script("tok-good", "ref-good", 200);
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        String store = props.get("tributary.zenoo.store-topic");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(p)) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(store, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(store, "tok-bad", "{\"external_reference\":\"ref-bad\",\"registered_at\":\"yesterday\",\"timed_out\":false}")).get();
            producer.send(new ProducerRecord<>(store, "tok-good", "{\"external_reference\":\"ref-good\",\"registered_at\":\"" + Instant.now() + "\",\"timed_out\":false}")).get();
        }
        app = TributaryApp.start(props);
        await().atMost(Duration.ofSeconds(30)).until(() -> events().size() >= 1);
        assertEquals("verification:ref-good", events().get(0).get("id").asText());
    }

    @Test
    void should_pull_at_once_when_a_ping_carries_a_pull_token() throws Exception {
        sim.script("tok-p", "ref-p", 200);
        props.put("tributary.zenoo.fast-interval", "1h"); // only the ping can make this pull happen soon
        app = TributaryApp.start(props);
        byte[] ping = "{\"pull_token\":\"tok-p\",\"external_reference\":\"ref-p\"}".getBytes(StandardCharsets.UTF_8);
        String sig = ProviderSigning.zenoo(SECRET, ping);
        assertEquals(200, app.post("zenoo", ping, Map.of("Content-Type", "application/json", "X-Zenoo-Signature", sig)).statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> events().size() >= 1);
        assertEquals("verification:ref-p", events().get(0).get("id").asText());
        assertEquals(1, events().size(), "the ping itself is not an event");
    }

    @Test
    void should_follow_hundreds_of_tokens_without_a_thread_each() throws Exception {
        app = TributaryApp.start(props);
        int threadsBefore = Thread.activeCount();
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 300; i++) {
                sim.script("many-" + i, "ref-many-" + i, 204);
                producer.send(new ProducerRecord<>(pendingTopic, "many-" + i, "{\"pull_token\":\"many-" + i + "\",\"external_reference\":\"ref-many-" + i + "\"}"));
            }
        }
        ZenooPulls pulls = app.context().getRegistry().lookupByNameAndType("zenooPulls", ZenooPulls.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> pulls.pendingCount() == 300);
        await().atMost(Duration.ofSeconds(60)).until(() -> java.util.stream.IntStream.range(0, 300).allMatch(i -> sim.calls("many-" + i) >= 2));
        assertTrue(Thread.activeCount() - threadsBefore < 20, "threads grew by " + (Thread.activeCount() - threadsBefore));
    }

    @Test
    void should_resume_the_plan_after_a_restart() throws Exception {
        sim.script("tok-r", "ref-r", 204, 204, 204, 204, 204, 204, 200);
        app = TributaryApp.start(props);
        pending("tok-r", "ref-r");
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.calls("tok-r") >= 2);
        app = app.restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() >= 1);
        assertEquals(7, sim.calls("tok-r"), "the restarted instance went on with the same token");
        assertEquals("verification:ref-r", events().get(0).get("id").asText());
    }

    @Test
    void should_publish_a_time_out_and_keep_a_fallback_check() throws Exception {
        props.put("tributary.zenoo.timeout", "2s");
        sim.script("tok-t", "ref-t", 204);
        app = TributaryApp.start(props);
        pending("tok-t", "ref-t");
        await().atMost(Duration.ofSeconds(30)).until(() -> types().contains("zenoo.pull.timed_out"));
        sim.script("tok-t", "ref-t", 200);
        await().atMost(Duration.ofSeconds(30)).until(() -> types().contains("zenoo.verification.completed"));
        assertEquals(List.of("zenoo.pull.timed_out", "zenoo.verification.completed"), types());
    }
}
