package io.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.tributary.testing.KafkaRecords;
import io.tributary.testing.TestKafka;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/** {@code backfill thirdfort --since T} runs Tributary until the backfill is done, then returns 0. */
class BackfillCommandRunTest {

    @Test
    void should_run_until_the_backfill_is_done_and_exit_0() throws Exception {
        try (ThirdfortSimulator sim = new ThirdfortSimulator()) {
            sim.add(12);
            String run = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
            p.put("tributary.thirdfort.topic", "it-thirdfort-cli-" + run);
            p.putAll(sim.pollerSettings());
            p.put("tributary.thirdfort.page-size", "5");
            p.put("tributary.thirdfort.start-from", "2024-06-01T00:01:00Z"); // the live poll reads none of them
            p.put("tributary.http.host", "127.0.0.1");
            p.put("tributary.http.port", String.valueOf(TributaryApp.freePort()));
            p.put("tributary.management.host", "127.0.0.1");
            p.put("tributary.management.port", String.valueOf(TributaryApp.freePort()));
            p.put("tributary.poll.tick", "200ms");
            p.put("tributary.data-dir", Files.createTempDirectory("tributary-cli").toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> BackfillCommand.runUntilDone("thirdfort",
                    "2024-06-01T00:00:00Z", p, new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
            assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("thirdfort: backfill since 2024-06-01T00:00:00Z done."));
            assertEquals(12, KafkaRecords.readAll(TestKafka.bootstrapServers(), "it-inbox-" + run).size(),
                    "the backfill's 12 notifications reached the inbox before the exit");
        }
    }
}
