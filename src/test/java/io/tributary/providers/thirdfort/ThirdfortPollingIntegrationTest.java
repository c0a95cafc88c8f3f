package io.tributary.providers.thirdfort;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Thirdfort poller and webhook together, against the test broker and a Thirdfort simulator. */
class ThirdfortPollingIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "it-webhook-secret";

    private ThirdfortSimulator sim;
    private TributaryApp app;
    private String topic;
    private Map<String, String> props;

    @BeforeEach
    void setUp() throws Exception {
        sim = new ThirdfortSimulator();
        String run = UUID.randomUUID().toString().substring(0, 8);
        topic = "it-thirdfort-" + run;
        props = new HashMap<>(TributaryApp.onTestKafka(run));
        props.putAll(Map.of(
                "tributary.thirdfort.topic", topic,
                "tributary.thirdfort.webhook-secret", SECRET,
                "tributary.thirdfort.base-url", sim.baseUrl(),
                "tributary.thirdfort.token-url", sim.tokenUrl(),
                "tributary.thirdfort.organization", ThirdfortSimulator.ORG));
        props.put("tributary.thirdfort.client-id", ThirdfortSimulator.CLIENT_ID);
        props.put("tributary.thirdfort.client-secret", ThirdfortSimulator.CLIENT_SECRET);
        props.put("tributary.thirdfort.poll-interval", "300ms");
        props.put("tributary.thirdfort.page-size", "100");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        sim.close();
    }

    private List<ConsumerRecord<String, byte[]>> events() {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), topic);
    }

    private static String id(ConsumerRecord<String, byte[]> r) {
        try {
            return JSON.readTree(r.value()).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitExactly(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() >= count);
        List<ConsumerRecord<String, byte[]>> all = events();
        Set<String> ids = all.stream().map(ThirdfortPollingIntegrationTest::id).collect(Collectors.toSet());
        assertEquals(count, all.size(), "records");
        assertEquals(count, ids.size(), "distinct ids");
    }

    /** Lets the poller run a few more polls, so a duplicate would have had time to appear. */
    private void awaitMorePolls(int polls) {
        int seen = sim.listCalls();
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.listCalls() >= seen + polls);
    }

    @Test
    void should_publish_every_notification_exactly_once_after_paging() throws Exception {
        sim.add(250);
        app = TributaryApp.start(props);
        awaitExactly(250);
        awaitMorePolls(3);
        awaitExactly(250);
        JsonNode first = JSON.readTree(events().stream().filter(r -> id(r).equals("N0000001")).findFirst().orElseThrow().value());
        assertEquals("poll", first.get("channel").asText());
        assertEquals(JSON.readTree(sim.notificationBytes(0)), first.get("data"));
        assertEquals(1, sim.tokenCalls(), "the token is cached");
    }

    @Test
    void should_publish_a_notification_once_when_it_arrives_by_webhook_and_by_poll() throws Exception {
        sim.add(3);
        byte[] second = sim.notificationBytes(1);
        app = TributaryApp.start(props);
        var response = app.post("thirdfort", second, Map.of("Content-Type", "application/json",
                "x-thirdfort-signature", ProviderSigning.thirdfort(SECRET, second)));
        assertEquals(200, response.statusCode());
        awaitExactly(3);
        awaitMorePolls(2);
        assertEquals(200, app.post("thirdfort", second, Map.of("Content-Type", "application/json",
                "x-thirdfort-signature", ProviderSigning.thirdfort(SECRET, second))).statusCode());
        awaitExactly(3);
        TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        assertTrue(metrics.value("tributary.events.duplicates", "provider", "thirdfort", "channel", "webhook")
                + metrics.value("tributary.events.duplicates", "provider", "thirdfort", "channel", "poll") >= 1);
    }

    @Test
    void should_resume_from_the_stored_cursor_after_a_restart() throws Exception {
        sim.add(120);
        app = TributaryApp.start(props);
        awaitExactly(120);
        awaitMorePolls(1);
        app.close();
        int servedBefore = sim.served();
        sim.add(30);
        app = app.restart();
        awaitExactly(150);
        awaitMorePolls(2);
        awaitExactly(150);
        assertEquals(30, sim.served() - servedBefore, "only the new notifications were fetched after the restart");
    }

    @Test
    void should_back_off_on_errors_and_lose_nothing() throws Exception {
        props.put("tributary.thirdfort.page-size", "10");
        sim.add(45);
        sim.failNext(500, null);
        sim.failNext(429, "1");
        sim.holdNext(Duration.ofSeconds(3));
        props.put("tributary.thirdfort.request-timeout", "1s");
        app = TributaryApp.start(props);
        awaitExactly(45);
        sim.revokeTokens();
        sim.add(5);
        awaitExactly(50);
        TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        assertTrue(metrics.total("tributary.poll.errors", "thirdfort") >= 3, "500, 429 and the timeout count as poll errors");
        assertEquals(2, sim.tokenCalls(), "a 401 refreshes the token once");
    }

    @Test
    void should_start_from_backfill_since_when_there_is_no_cursor() throws Exception {
        sim.add(20); // created 2024-06-01T00:00:01Z .. 00:00:20Z
        props.put("tributary.thirdfort.start-from", "2024-06-01T00:00:15Z");
        app = TributaryApp.start(props);
        awaitExactly(5);
        awaitMorePolls(2);
        awaitExactly(5);
        assertEquals(List.of("N0000016", "N0000017", "N0000018", "N0000019", "N0000020"),
                events().stream().map(ThirdfortPollingIntegrationTest::id).sorted().toList(), "created after 00:00:15, not at it");
    }
}
