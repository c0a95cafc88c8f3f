package io.tributary.poll.cursor;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.kafka.KafkaTable;

/** Cursors in a compacted Kafka topic, keyed by poller name: Kafka stays the only infrastructure. */
public final class KafkaCursorStore implements CursorStore, AutoCloseable {

    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private volatile KafkaTable table;

    /** Called once the table has replayed the topic. */
    public void attach(KafkaTable table) {
        this.table = table;
    }

    public void onRecord(String key, String value, long timestamp) {
        if (value == null) {
            cursors.remove(key);
        } else {
            cursors.merge(key, new Cursor(value, Instant.ofEpochMilli(timestamp)),
                    (old, neu) -> neu.savedAt().isBefore(old.savedAt()) ? old : neu);
        }
    }

    /** Until the topic has been replayed (Kafka unreachable at start), a poller must not start from nothing. */
    @Override
    public Optional<Cursor> load(String name) {
        if (table == null) {
            throw new IllegalStateException("Poll cursors are not loaded yet: Kafka has not answered since start-up");
        }
        return Optional.ofNullable(cursors.get(name));
    }

    @Override
    public void save(String name, String value) {
        table.put(name, value);
        cursors.put(name, new Cursor(value, Instant.now()));
    }

    @Override
    public CompletableFuture<Void> saveAsync(String name, String value) {
        return table.putAsync(name, value).thenRun(() -> cursors.put(name, new Cursor(value, Instant.now())));
    }

    @Override
    public void close() {
        if (table != null) {
            table.close();
        }
    }
}
