package io.tributary.providers.thirdfort;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.poll.cursor.CursorStore;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.poll.Backfill;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.TestKafka;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backfill from before the live cursor: the live poller started late (start-from), so the
 * older notifications are missing; the backfill publishes them, the core drops the rest, and the
 * live cursor does not move.
 */
class ThirdfortBackfillIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SINCE = "2024-06-01T00:00:00Z";

    private ThirdfortSimulator sim;
    private TributaryApp app;
    private String run;
    private String topic;
    private Map<String, String> props;

    @BeforeEach
    void setUp() throws Exception {
        sim = new ThirdfortSimulator();
        run = UUID.randomUUID().toString().substring(0, 8);
        topic = "it-thirdfort-bf-" + run;
        props = new HashMap<>(TributaryApp.onTestKafka(run));
        props.put("tributary.thirdfort.topic", topic);
        props.putAll(sim.pollerSettings());
        props.put("tributary.thirdfort.poll-interval", "300ms");
        props.put("tributary.thirdfort.page-size", "4");
        sim.add(20); // created 2024-06-01T00:00:01Z .. 00:00:20Z
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        sim.close();
    }

    @Test
    void should_publish_the_missing_events_once_without_moving_the_live_cursor() throws Exception {
        props.put("tributary.thirdfort.start-from", "2024-06-01T00:00:10Z"); // the live poller skips N1..N10
        app = TributaryApp.start(props);
        awaitPublished(10);
        CursorStore.Cursor live = store().load("thirdfort").orElseThrow();
        assertEquals("N0000020", live.value());

        ObjectName name = new ObjectName("io.tributary:type=Backfill,provider=thirdfort");
        var jmx = ManagementFactory.getPlatformMBeanServer();
        Object answer = jmx.invoke(name, "start", new Object[] {SINCE}, new String[] {String.class.getName()});
        assertTrue(String.valueOf(answer).contains("running"), String.valueOf(answer));
        await().atMost(Duration.ofSeconds(60)).until(() -> String.valueOf(jmx.getAttribute(name, "State")).equals("done since " + SINCE));

        awaitPublished(20);
        assertEquals(live, store().load("thirdfort").orElseThrow(), "the live cursor did not move");
        TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        assertEquals(20, metrics.value("tributary.backfill.events", "provider", "thirdfort"), "the backfill handed N1..N20 on");
        assertTrue(metrics.value("tributary.events.duplicates", "provider", "thirdfort", "channel", "poll") >= 10,
                "N11..N20 were dropped as duplicates");
        assertTrue(String.valueOf(jmx.getAttribute(name, "Progress")).contains("20 events handed to the core"));
    }

    @Test
    void should_resume_a_backfill_after_a_crash_from_its_own_cursor() throws Exception {
        props.put("tributary.thirdfort.start-from", "2024-06-01T00:00:15Z"); // live: N16..N20
        app = TributaryApp.start(props);
        awaitPublished(5);
        // As if a backfill since SINCE had crashed after its pages up to N10 were acknowledged.
        store().save("thirdfort:backfill", SINCE + " running");
        store().save("thirdfort:backfill:" + SINCE, "N0000010");
        CursorStore.Cursor live = store().load("thirdfort").orElseThrow();
        app.close();
        int servedBefore = sim.served();

        app = app.restart(); // no backfill requested: the stored one resumes
        Backfill backfill = app.context().getRegistry().lookupByNameAndType("thirdfortBackfill", Backfill.class);
        await().atMost(Duration.ofSeconds(60)).until(() -> backfill.getState().equals("done since " + SINCE));
        awaitPublished(10); // N16..N20 live, N11..N15 by the backfill; N1..N10 were never fetched again
        assertTrue(events().stream().map(ThirdfortBackfillIntegrationTest::id).noneMatch(id -> id.compareTo("N0000011") < 0),
                "nothing before the backfill's stored cursor");
        assertEquals(10, sim.served() - servedBefore, "resumed after N10: only N11..N20 were fetched");
        // Across a restart savedAt is re-read from the record's timestamp (ms), so compare the position.
        assertEquals(live.value(), store().load("thirdfort").orElseThrow().value(), "the live cursor did not move");
        assertEquals(SINCE + " done", store().load("thirdfort:backfill").orElseThrow().value());
    }

    private CursorStore store() {
        return app.context().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class);
    }

    /** Waits until the core consumed the inbox, then expects exactly {@code count} distinct events, read_committed. */
    private void awaitPublished(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> events().size() >= count
                && KafkaRecords.consumed(TestKafka.bootstrapServers(), "it-" + run, "it-inbox-" + run));
        List<ConsumerRecord<String, byte[]>> all = events();
        Set<String> ids = all.stream().map(ThirdfortBackfillIntegrationTest::id).collect(Collectors.toSet());
        assertEquals(count, all.size(), "records");
        assertEquals(count, ids.size(), "distinct ids");
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
}
