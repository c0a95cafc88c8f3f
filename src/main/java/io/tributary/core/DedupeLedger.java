package io.tributary.core;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
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
 * <p>The publish route calls {@link #claim}, then publishes, then {@link #commit}, and always
 * {@link #release}. A key is recorded only after Kafka acknowledged its event, so a crash can
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

    /** Sets {@link Props#DUPLICATE}; when false, this exchange holds the key until {@link #release}. */
    public void claim(Exchange exchange) throws InterruptedException {
        String key = exchange.getMessage().getBody(CanonicalEvent.class).ledgerKey();
        long deadline = System.nanoTime() + claimWait.toNanos();
        while (true) {
            if (contains(key)) {
                exchange.setProperty(Props.DUPLICATE, true);
                return;
            }
            CountDownLatch mine = new CountDownLatch(1);
            CountDownLatch holder = inFlight.putIfAbsent(key, mine);
            if (holder == null) {
                if (contains(key)) { // committed between our check and our claim
                    release(key, mine);
                    continue;
                }
                exchange.setProperty(Props.CLAIM, key);
                exchange.setProperty(Props.DUPLICATE, false);
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !holder.await(left, TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("Event " + key + " is still being published by another delivery");
            }
        }
    }

    /** Records the key, after the event was acknowledged by Kafka. */
    public void commit(Exchange exchange) {
        String key = exchange.getProperty(Props.CLAIM, String.class);
        long now = clock.millis();
        synchronized (seen) {
            seen.put(key, now);
        }
        KafkaTable t = table;
        if (t != null) {
            // Not awaited: the event is already safe in Kafka; losing this write costs a duplicate, never an event.
            t.putAsync(key, Long.toString(now)).exceptionally(e -> {
                LOG.warn("Could not persist ledger key {}; a redelivery after a restart may be published again: {}", key, e.toString());
                return null;
            });
        }
    }

    /** Always called last: frees the key for waiting exchanges, whether the publish worked or not. */
    public void release(Exchange exchange) {
        String key = exchange.getProperty(Props.CLAIM, String.class);
        if (key != null) {
            exchange.removeProperty(Props.CLAIM);
            CountDownLatch latch = inFlight.get(key);
            if (latch != null) {
                release(key, latch);
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
