package io.tributary.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.tributary.event.Json;

/**
 * "A refused delivery published nothing", in a form that can fail. Publishing is asynchronous, so
 * an empty topic right after a 4xx proves nothing. Instead the test sends a valid sentinel after
 * the refused deliveries, about the same subject: one partition key, so one inbox partition, one
 * core task and one output partition, all in order. Once the sentinel is read (read_committed),
 * whatever a refused delivery had published would be there too, ahead of it.
 */
public final class Sentinel {

    private Sentinel() {
    }

    /**
     * Waits for the CloudEvent {@code sentinelId} on {@code topic}, then asserts it is the only event
     * under {@code key} (the subject the refused deliveries and the sentinel share).
     */
    public static void assertOnlyEventUnder(String topic, String key, String sentinelId) {
        assertEventsUnder(topic, key, List.of(), sentinelId);
    }

    /** As above, when {@code accepted} (ids, in any order) were published under {@code key} before. */
    public static void assertEventsUnder(String topic, String key, List<String> accepted, String sentinelId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(topic, key).contains(sentinelId));
        List<String> expected = new ArrayList<>(accepted);
        expected.add(sentinelId);
        assertEquals(sorted(expected), sorted(ids(topic, key)), "events about " + key + ": the refused deliveries published nothing");
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static List<String> ids(String topic, String key) {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream()
                .filter(r -> key.equals(r.key()))
                .map(r -> Json.read(r.value()).path("id").asText())
                .toList();
    }
}
