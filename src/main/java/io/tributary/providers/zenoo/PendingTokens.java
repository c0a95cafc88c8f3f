package io.tributary.providers.zenoo;

import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.KafkaTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens being pulled, kept in a compacted Kafka topic (restart-safe, with the time each was
 * registered) and in memory, with the time each is next due. Holds the only copy of the tokens
 * themselves: everything else sees {@link TokenFingerprint}s.
 */
final class PendingTokens {

    record Pending(String token, String externalReference, Instant registeredAt, boolean timedOut) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PendingTokens.class);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final UnaryOperator<String> fingerprint;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Instant> nextCheck = new ConcurrentHashMap<>();
    private final Set<String> skippedRecords = ConcurrentHashMap.newKeySet();
    private volatile KafkaTable store;
    /** Test seam: how a store record is written (a failure must make the register consumer retry). */
    volatile BiConsumer<String, String> storeWriter;

    PendingTokens(UnaryOperator<String> fingerprint) {
        this.fingerprint = fingerprint;
    }

    boolean started() {
        return store != null;
    }

    /** Replays the store topic, then keeps following it. */
    synchronized void start(KafkaSettings settings, String storeTopic, KafkaTable.Watcher watcher) {
        if (store == null) {
            KafkaTable table = new KafkaTable(settings, storeTopic, this::onRecord, watcher);
            try {
                store = table.start();
            } catch (RuntimeException e) {
                table.close(); // a failed start is retried on the next tick: never leak its clients
                throw e;
            }
        }
    }

    void onRecord(String token, String value, long timestamp) {
        if (value == null) {
            pending.remove(token);
            nextCheck.remove(token);
            return;
        }
        try {
            JsonNode n = JSON.readTree(value);
            pending.put(token, new Pending(token, n.path("external_reference").asText(null),
                    Instant.parse(n.path("registered_at").asText()), n.path("timed_out").asBoolean()));
            nextCheck.putIfAbsent(token, Instant.now()); // after a restart, check at once, then follow the plan
        } catch (IOException | RuntimeException e) {
            // One bad record must not stop the store from starting (and so every other pull).
            if (skippedRecords.add(token)) {
                LOG.warn("Skipping an unreadable pending-token record (token {}): {}", fingerprint.apply(token), e.getClass().getSimpleName());
            }
        }
    }

    Pending get(String token) {
        return pending.get(token);
    }

    Collection<Pending> all() {
        return pending.values();
    }

    int size() {
        return pending.size();
    }

    Instant nextCheck(String token, Instant otherwise) {
        return nextCheck.getOrDefault(token, otherwise);
    }

    void checkAt(String token, Instant at) {
        nextCheck.put(token, at);
    }

    /** Durable when it returns; throws when the store write failed. */
    void save(Pending p) {
        ObjectNode v = JSON.createObjectNode().put("external_reference", p.externalReference())
                .put("registered_at", p.registeredAt().toString()).put("timed_out", p.timedOut());
        write(p.token(), v.toString());
        pending.put(p.token(), p);
    }

    void forget(String token) {
        write(token, null);
        pending.remove(token);
        nextCheck.remove(token);
    }

    private void write(String token, String value) {
        BiConsumer<String, String> w = storeWriter;
        if (w != null) {
            w.accept(token, value);
        } else {
            store.put(token, value);
        }
    }

    KafkaTable store() {
        return store;
    }
}
