package io.tributary.core;

import java.time.Instant;
import java.util.Optional;

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
}
