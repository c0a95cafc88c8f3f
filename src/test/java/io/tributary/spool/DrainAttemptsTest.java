package io.tributary.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.errors.NetworkException;
import org.junit.jupiter.api.Test;

class DrainAttemptsTest {

    private static Spool.Entry entry(String name) {
        return new Spool.Entry(Path.of("spool", "p", name), "p", "webhook", Instant.EPOCH, new byte[0]);
    }

    @Test
    void should_search_a_failed_batch_entry_by_entry_and_blame_only_the_failing_one() {
        DrainAttempts attempts = new DrainAttempts(2);
        Spool.Entry a = entry("a");
        Spool.Entry b = entry("b");
        assertFalse(attempts.failed(List.of(a, b), new IllegalStateException("bad")), "a batch failure blames nobody");
        assertEquals(1, attempts.batchSize(100));
        attempts.succeeded(a);
        assertEquals(100, attempts.batchSize(100), "full batches again after a success");
        attempts.failed(List.of(b, entry("c")), new IllegalStateException("bad"));
        assertTrue(attempts.failed(List.of(b), new IllegalStateException("bad")));
        assertFalse(attempts.poisoned(b.file()));
        assertTrue(attempts.failed(List.of(b), new IllegalStateException("bad")));
        assertTrue(attempts.poisoned(b.file()));
        assertTrue(attempts.error(b.file()).contains("failed 2 times"));
    }

    @Test
    void should_not_count_an_outage_against_an_entry() {
        DrainAttempts attempts = new DrainAttempts(1);
        Spool.Entry a = entry("a");
        assertFalse(attempts.failed(List.of(a), new RuntimeException("wrapped", new NetworkException("broker down"))));
        assertFalse(attempts.failed(List.of(a), new org.apache.kafka.common.errors.TimeoutException("no ack")));
        assertFalse(attempts.failed(List.of(a), new java.util.concurrent.TimeoutException()));
        assertFalse(attempts.poisoned(a.file()));
    }
}
