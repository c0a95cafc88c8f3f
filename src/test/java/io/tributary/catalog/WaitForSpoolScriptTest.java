package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tributary.spool.Spool;
import org.junit.jupiter.api.Test;

/**
 * docker/wait-for-spool.sh, the pods' preStop hook, against a spool written by {@link Spool}
 * itself: it holds the pod's SIGTERM while a delivery is spooled, up to its bound.
 */
class WaitForSpoolScriptTest {

    private static Process script(Path dataDir, int min, int max) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "docker/wait-for-spool.sh", String.valueOf(min), String.valueOf(max)).redirectErrorStream(true);
        pb.environment().put("TRIBUTARY_DATA_DIR", dataDir.toString());
        return pb.start();
    }

    private static String output(Process p) throws Exception {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void should_wait_while_a_delivery_is_spooled_and_return_once_it_is_drained() throws Exception {
        Path dataDir = Files.createTempDirectory("prestop");
        Spool spool = new Spool(dataDir.resolve("spool"), 1 << 20);
        spool.write("alcmeon", "webhook", "{\"id\":1}".getBytes(StandardCharsets.UTF_8));

        Process p = script(dataDir, 0, 60);
        assertFalse(p.waitFor(2, TimeUnit.SECONDS), "it waits while the spool holds a delivery");
        spool.delete(spool.oldest(1).get(0)); // what the drain does once Kafka acknowledged it
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "it returns once the spool is empty");
        assertEquals(0, p.exitValue(), output(p));
    }

    @Test
    void should_give_up_after_its_bound_and_say_what_stays() throws Exception {
        Path dataDir = Files.createTempDirectory("prestop");
        new Spool(dataDir.resolve("spool"), 1 << 20).write("sts-gen2", "webhook", "{}".getBytes(StandardCharsets.UTF_8));

        Process p = script(dataDir, 0, 1);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        String out = output(p);
        assertEquals(1, p.exitValue(), out); // the kubelet records a FailedPreStopHook event with this output
        assertTrue(out.contains("1 deliveries stay in " + dataDir.resolve("spool")), out);
    }

    @Test
    void should_wait_its_minimum_even_when_the_spool_is_empty() throws Exception {
        Process p = script(Files.createTempDirectory("prestop"), 2, 30);
        assertFalse(p.waitFor(1, TimeUnit.SECONDS), "the ingress needs a moment to stop sending webhooks");
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }
}
