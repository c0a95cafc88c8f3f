package io.tributary.testing;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.poll.cursor.CursorStore;

/** A cursor store in memory for poller tests that drive the route's steps by hand; counts its saves. */
public final class MemoryCursorStore implements CursorStore {

    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final Map<String, Integer> saves = new ConcurrentHashMap<>();

    @Override
    public Optional<Cursor> load(String name) {
        return Optional.ofNullable(cursors.get(name));
    }

    @Override
    public void save(String name, String value) {
        cursors.put(name, new Cursor(value, Instant.now()));
        saves.merge(name, 1, Integer::sum);
    }

    @Override
    public CompletableFuture<Void> saveAsync(String name, String value) {
        save(name, value);
        return CompletableFuture.completedFuture(null);
    }

    public Optional<String> value(String name) {
        return load(name).map(Cursor::value);
    }

    public int saves(String name) {
        return saves.getOrDefault(name, 0);
    }
}
