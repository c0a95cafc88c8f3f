package io.tributary.poll.cursor;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where pollers keep their position. A cursor is saved only after the events before it were
 * acknowledged by Kafka, and a restarted poller resumes from the last saved cursor.
 */
public interface CursorStore {

    record Cursor(String value, Instant savedAt) {
    }

    Optional<Cursor> load(String name);

    /** Durable when it returns. */
    void save(String name, String value);

    /** Durable when the future completes; {@link #load} sees the new value from then on. */
    CompletableFuture<Void> saveAsync(String name, String value);
}
