package io.tributary.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tributary.kafka.KafkaTable;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers which events were published, keyed {@code <provider>:<id>}, shared by every route.
 * The keys live in memory and in a compacted Kafka topic, so they survive restarts.
 *
 * <p>The publish route calls {@link #claim}, then publishes the batch, then {@link #commit}, and
 * always {@link #release}. A key is recorded only after Kafka acknowledged its event, so a crash can
 * cause at worst a re-publish, never a loss. While one exchange holds a key, a second exchange
 * with the same key waits for the outcome instead of racing it (webhook and poll arriving at once).
 *
 * <p>Horizon: a key is remembered for {@code retention} (default 30 days) unless more than
 * {@code maxKeys} (default 1,000,000) newer keys push it out, whichever comes first.
 */
public final class DedupeLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DedupeLedger.class);

    private final Map<String, Long> seen;
    private final Map<String, CountDownLatch> inFlight = new ConcurrentHashMap<>();
    private final Duration retention;
    private final Duration claimWait;
    private final Clock clock;
    private volatile KafkaTable table;

    public DedupeLedger(int maxKeys, Duration retention, Duration claimWait, Clock clock) {
        this.retention = retention;
        this.claimWait = claimWait;
        this.clock = clock;
        this.seen = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > maxKeys || eldest.getValue() < clock.millis() - retention.toMillis();
            }
        };
    }

    /** Attaches the Kafka topic that persists the keys and replays it into memory. */
    public void attach(KafkaTable table) {
        this.table = table;
    }

    /** Called for every record of the ledger topic: replayed at start, then followed live. */
    public void onRecord(String key, String value, long timestamp) {
        if (value == null || timestamp < clock.millis() - retention.toMillis()) {
            return;
        }
        synchronized (seen) {
            seen.putIfAbsent(key, timestamp);
        }
    }

    public boolean contains(String key) {
        synchronized (seen) {
            return seen.containsKey(key);
        }
    }

    public int size() {
        synchronized (seen) {
            return seen.size();
        }
    }

    /**
     * The body is the delivery's events (one {@link CanonicalEvent} or a list). Claims every key
     * not yet recorded, waiting while another exchange holds one, and leaves in the body only the
     * events to publish; {@link Props#DUPLICATES} counts the others (repeats within the batch too).
     */
    @SuppressWarnings("unchecked")
    public void claim(Exchange exchange) throws InterruptedException {
        Object body = exchange.getMessage().getBody();
        List<CanonicalEvent> events = body instanceof List<?> l ? (List<CanonicalEvent>) l : List.of((CanonicalEvent) body);
        List<String> claims = new ArrayList<>();
        exchange.setProperty(Props.CLAIM, claims);
        Set<String> inBatch = new HashSet<>();
        List<CanonicalEvent> fresh = new ArrayList<>();
        for (CanonicalEvent e : events) {
            String key = e.ledgerKey();
            if (inBatch.add(key) && claim(key)) {
                claims.add(key);
                fresh.add(e);
            }
        }
        exchange.setProperty(Props.EVENTS, events);
        exchange.setProperty(Props.DUPLICATES, events.size() - fresh.size());
        exchange.getMessage().setBody(fresh);
    }

    /** @return true when this caller now holds the key; false when it is already recorded */
    private boolean claim(String key) throws InterruptedException {
        long deadline = System.nanoTime() + claimWait.toNanos();
        while (true) {
            if (contains(key)) {
                return false;
            }
            CountDownLatch mine = new CountDownLatch(1);
            CountDownLatch holder = inFlight.putIfAbsent(key, mine);
            if (holder == null) {
                if (contains(key)) { // recorded between our check and our claim
                    release(key, mine);
                    continue;
                }
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !holder.await(left, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("Event " + key + " is still being published by another delivery");
            }
        }
    }

    /** Records the claimed keys, after their events were acknowledged by Kafka. */
    @SuppressWarnings("unchecked")
    public void commit(Exchange exchange) {
        long now = clock.millis();
        List<String> keys = exchange.getProperty(Props.CLAIM, List.class);
        synchronized (seen) {
            keys.forEach(k -> seen.put(k, now));
        }
        KafkaTable t = table;
        if (t != null) {
            for (String key : keys) {
                // Not awaited: the event is already safe in Kafka; losing this write costs a duplicate, never an event.
                t.putAsync(key, Long.toString(now)).exceptionally(e -> {
                    LOG.warn("Could not persist ledger key {}; a redelivery after a restart may be published again: {}", key, e.toString());
                    return null;
                });
            }
        }
    }

    /** Always called last: frees the claimed keys for waiting exchanges, whether the publish worked or not. */
    @SuppressWarnings("unchecked")
    public void release(Exchange exchange) {
        List<String> keys = exchange.getProperty(Props.CLAIM, List.class);
        if (keys != null) {
            exchange.removeProperty(Props.CLAIM);
            for (String key : keys) {
                CountDownLatch latch = inFlight.get(key);
                if (latch != null) {
                    release(key, latch);
                }
            }
        }
    }

    private void release(String key, CountDownLatch latch) {
        inFlight.remove(key, latch);
        latch.countDown();
    }

    @Override
    public void close() {
        KafkaTable t = table;
        if (t != null) {
            t.close();
        }
    }
}
