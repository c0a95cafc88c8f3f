package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.LaunchConfig;
import io.tributary.spool.Spool;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * {@code drain-spool --data-dir D} on the volume of an instance that is gone: it publishes the
 * spooled deliveries to the inbox and exits 0 once the spool is empty, or 1, keeping every entry,
 * when Kafka cannot take them.
 */
class DrainSpoolCommandIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A data directory as a stopped pod leaves it: deliveries spooled, never drained. */
    private static Path orphanedVolume() throws Exception {
        Path dataDir = Files.createTempDirectory("tributary-orphan");
        Spool spool = new Spool(dataDir.resolve("spool"), 1 << 20);
        for (int id = 1; id <= 5; id++) {
            spool.write("alcmeon", "webhook", ("{\"id\":" + (7000 + id) + ",\"action\":{\"id\":" + id + ",\"type\":\"answer\","
                    + "\"date\":\"2024-01-22\",\"time\":\"13:05:41\",\"task\":{\"conversation_id\":\"conv-" + id + "\"},"
                    + "\"account\":{\"id\":301}}}").getBytes(StandardCharsets.UTF_8));
        }
        spool.write("sts-gen2", "webhook", ("{\"messages\":[{\"id\":\"orphan-m1\",\"creationDate\":\"2021-08-13T15:40:43Z\","
                + "\"messageType\":{\"id\":\"CheckNotification\"},\"resource\":{\"orgShortName\":\"tfoinc\"}},"
                + "{\"id\":\"orphan-m2\",\"creationDate\":\"2021-08-13T15:40:44Z\",\"messageType\":{\"id\":\"CheckNotification\"},"
                + "\"resource\":{\"orgShortName\":\"tfoinc\"}}]}").getBytes(StandardCharsets.UTF_8));
        return dataDir;
    }

    private static Map<String, String> settings(String run) {
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.alcmeon.topic", "it-alcmeon-drain-" + run);
        p.put("tributary.sts-gen2.topic", "it-sts-drain-" + run);
        // What a Job sharing the pods' ConfigMap and Secret would also see: the webhook must still not start.
        p.put("tributary.alcmeon.webhook-secret", "drain-secret");
        p.put("tributary.spool.drain-interval", "100ms");
        return p;
    }

    @Test
    void should_publish_an_orphaned_spool_to_the_inbox_and_exit_0_once_it_is_empty() throws Exception {
        Path dataDir = orphanedVolume();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> DrainSpoolCommand.drain(dataDir, Duration.ofSeconds(60),
                settings(run), new PrintStream(out, true, StandardCharsets.UTF_8), System.err));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("6 deliveries in " + dataDir.resolve("spool")), printed);
        assertTrue(printed.contains("is empty"), printed);
        assertEquals(0, Spool.entriesOnDisk(dataDir.resolve("spool")));
        Set<String> ids = new TreeSet<>();
        for (var r : KafkaRecords.readAll(TestKafka.bootstrapServers(), "it-inbox-" + run)) {
            ids.add(JSON.readTree(r.value()).get("id").asText());
        }
        assertEquals(Set.of("1", "2", "3", "4", "5", "orphan-m1", "orphan-m2"), ids, "every spooled event reached the inbox before the exit");
        // No core ran on the borrowed volume: it would have kept its instance id and store there.
        assertFalse(Files.exists(dataDir.resolve("instance-id")), "the core's instance id");
        assertFalse(Files.exists(dataDir.resolve("streams")), "the core's state directory");
    }

    @Test
    void should_keep_the_spool_and_exit_1_with_a_clear_message_when_kafka_cannot_take_it() throws Exception {
        Path dataDir = orphanedVolume();
        Map<String, String> p = settings(UUID.randomUUID().toString().substring(0, 8));
        p.put("tributary.kafka.bootstrap-servers", "127.0.0.1:" + TributaryApp.freePort()); // nothing listens there
        p.put("tributary.kafka.publish-timeout", "1s");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> DrainSpoolCommand.drain(dataDir, Duration.ofSeconds(4), p,
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));

        String printed = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, printed);
        assertTrue(printed.contains("not drained within 4 s, 6 deliveries are still in " + dataDir.resolve("spool")), printed);
        assertEquals(6, Spool.entriesOnDisk(dataDir.resolve("spool")), "nothing is deleted that Kafka did not acknowledge");
    }

    @Test
    void should_refuse_a_missing_data_directory_and_start_nothing_for_an_empty_spool() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Path missing = Path.of("does-not-exist-" + UUID.randomUUID());

        assertEquals(2, DrainSpoolCommand.run(List.of("--data-dir", missing.toString()), LaunchConfig.current(), o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no data directory at"), err.toString(StandardCharsets.UTF_8));
        assertEquals(2, DrainSpoolCommand.run(List.of("--timeout"), LaunchConfig.current(), o, e), "a missing value is a usage error");

        Path empty = Files.createTempDirectory("tributary-empty");
        assertEquals(0, DrainSpoolCommand.run(List.of("--data-dir", empty.toString()), LaunchConfig.current(), o, e));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("nothing to drain"));
        assertFalse(Files.exists(empty.resolve("spool")), "nothing was started, nothing created");
    }
}
