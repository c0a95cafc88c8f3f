package io.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class DedupeLedgerTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    private Exchange exchange(String id) {
        Exchange e = new DefaultExchange(context);
        e.getMessage().setBody(new CanonicalEvent("p", id, "/p", "p.t", "s", null, "{}".getBytes(StandardCharsets.UTF_8), Channel.WEBHOOK));
        return e;
    }

    private static boolean duplicate(Exchange e) {
        return e.getProperty(Props.DUPLICATES, Integer.class) == 1;
    }

    @Test
    void should_treat_a_committed_key_as_a_duplicate_and_a_released_one_as_new() throws Exception {
        DedupeLedger ledger = new DedupeLedger(100, Duration.ofDays(1), Duration.ofSeconds(5), Clock.systemUTC());
        Exchange first = exchange("a");
        ledger.claim(first);
        assertFalse(duplicate(first));
        ledger.release(first); // publish failed: nothing recorded
        Exchange retry = exchange("a");
        ledger.claim(retry);
        assertFalse(duplicate(retry), "a failed publish does not record the key");
        ledger.commit(retry);
        ledger.release(retry);
        Exchange again = exchange("a");
        ledger.claim(again);
        assertTrue(duplicate(again));
    }

    @Test
    void should_make_a_racing_delivery_wait_for_the_outcome_of_the_first() throws Exception {
        DedupeLedger ledger = new DedupeLedger(100, Duration.ofDays(1), Duration.ofSeconds(10), Clock.systemUTC());
        Exchange first = exchange("race");
        ledger.claim(first);
        Exchange second = exchange("race");
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                ledger.claim(second);
                return duplicate(second);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(waiting.isDone(), "the second delivery waits while the first is in flight");
        ledger.commit(first);
        ledger.release(first);
        assertTrue(waiting.get(10, TimeUnit.SECONDS), "once the first is published, the second is a duplicate");
    }

    @Test
    void should_publish_a_key_repeated_within_one_batch_once() throws Exception {
        DedupeLedger ledger = new DedupeLedger(100, Duration.ofDays(1), Duration.ofSeconds(1), Clock.systemUTC());
        Exchange batch = new DefaultExchange(context);
        CanonicalEvent a = ((CanonicalEvent) exchange("a").getMessage().getBody());
        CanonicalEvent b = ((CanonicalEvent) exchange("b").getMessage().getBody());
        batch.getMessage().setBody(java.util.List.of(a, b, a));
        ledger.claim(batch);
        assertEquals(java.util.List.of(a, b), batch.getMessage().getBody());
        assertEquals(1, batch.getProperty(Props.DUPLICATES, Integer.class));
        ledger.commit(batch);
        ledger.release(batch);
        assertTrue(ledger.contains("p:a") && ledger.contains("p:b"));
    }

    @Test
    void should_forget_keys_beyond_its_size_and_age_horizon() throws Exception {
        DedupeLedger small = new DedupeLedger(2, Duration.ofDays(1), Duration.ofSeconds(1), Clock.systemUTC());
        for (String id : new String[] {"1", "2", "3"}) {
            Exchange e = exchange(id);
            small.claim(e);
            small.commit(e);
            small.release(e);
        }
        assertEquals(2, small.size());
        assertFalse(small.contains("p:1"));
        assertTrue(small.contains("p:3"));

        Clock late = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z"), ZoneOffset.UTC);
        DedupeLedger aged = new DedupeLedger(100, Duration.ofDays(7), Duration.ofSeconds(1), late);
        aged.onRecord("p:old", "1", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        aged.onRecord("p:recent", "1", Instant.parse("2026-01-30T00:00:00Z").toEpochMilli());
        assertFalse(aged.contains("p:old"), "keys older than the retention are not replayed");
        assertTrue(aged.contains("p:recent"));
    }
}
