package io.tributary.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable accept for providers that never retry: a verified delivery is written to
 * {@code <data-dir>/spool/<provider>/} and forced to disk (file and directory) before the
 * provider gets its 2xx. Entries are named by a sequence, so they drain in arrival order, and are
 * deleted only after their events were acknowledged by Kafka. The spool holds at most
 * {@code maxBytes}: past it a delivery is refused (503) rather than filling the disk.
 */
public final class Spool {

    /** One spooled delivery; {@code problem} is set when the file is not a valid entry. */
    public record Entry(Path file, String provider, String channel, Instant receivedAt, byte[] raw, String problem) {
        Entry(Path file, String provider, String channel, Instant receivedAt, byte[] raw) {
            this(file, provider, channel, receivedAt, raw, null);
        }
    }

    private final Path root;
    private final Path failedRoot;
    private final long maxBytes;
    private final SpoolFiles files;
    private final AtomicLong bytes = new AtomicLong();
    /** Entries per provider in arrival order, so draining never re-lists a large directory. */
    private final Map<String, ConcurrentSkipListSet<Path>> index = new ConcurrentHashMap<>();

    public Spool(Path root, long maxBytes) {
        this(root, maxBytes, SpoolSink::file);
    }

    Spool(Path root, long maxBytes, SpoolSink.Opener opener) {
        this.root = root;
        this.failedRoot = root.resolveSibling(root.getFileName() + "-failed");
        this.maxBytes = maxBytes;
        this.files = new SpoolFiles(root, opener);
        files.removePartialWrites();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                for (Path f : files.entries(d)) {
                    queue(d.getFileName().toString()).add(f);
                    bytes.addAndGet(SpoolFiles.size(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConcurrentSkipListSet<Path> queue(String provider) {
        return index.computeIfAbsent(provider, p -> new ConcurrentSkipListSet<>(Comparator.comparing(f -> f.getFileName().toString())));
    }

    /** Test seam: writes go to a fake sink (a full disk is simulated, not provoked). */
    void useOpener(SpoolSink.Opener opener) {
        files.useOpener(opener);
    }

    public Path root() {
        return root;
    }

    /** Where entries that could not be drained are moved, kept for an operator. */
    public Path failedRoot() {
        return failedRoot;
    }

    /**
     * Writes and forces the delivery to disk; when this returns, the delivery survives a crash.
     * @throws SpoolFullException past the quota; UncheckedIOException when the write failed (nothing is left behind)
     */
    public Path write(String provider, String channel, byte[] raw) {
        byte[] head = SpoolEntryFormat.header(channel, Instant.now());
        long size = head.length + (long) raw.length;
        if (bytes.addAndGet(size) > maxBytes) {
            bytes.addAndGet(-size);
            throw new SpoolFullException("the spool holds " + bytes.get() + " of its " + maxBytes + " bytes");
        }
        try {
            Path done = files.write(provider, head, raw);
            queue(provider).add(done);
            return done;
        } catch (IOException | RuntimeException e) {
            bytes.addAndGet(-size);
            throw e instanceof IOException io ? new UncheckedIOException("Could not spool a " + provider + " delivery", io) : (RuntimeException) e;
        }
    }

    /**
     * Up to {@code max} oldest entries of the provider that has the oldest entry, in arrival order.
     * An entry that cannot be read ends the batch; alone at its head, it is returned with its problem.
     */
    public List<Entry> oldest(int max) {
        Optional<Map.Entry<String, Path>> first = index.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(e -> Map.entry(e.getKey(), e.getValue().first()))
                .min(Comparator.comparing(e -> e.getValue().getFileName().toString()));
        if (first.isEmpty()) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        for (Path f : queue(first.get().getKey())) {
            if (out.size() >= max) {
                break;
            }
            try {
                out.add(SpoolEntryFormat.read(f));
            } catch (SpoolEntryFormat.UnreadableEntryException bad) {
                if (out.isEmpty()) {
                    out.add(new Entry(f, first.get().getKey(), "webhook", null, bad.bytes, bad.getMessage()));
                }
                break;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read spool entry " + f, e);
            }
        }
        return out;
    }

    public void delete(Entry entry) {
        long size = SpoolFiles.size(entry.file());
        try {
            Files.deleteIfExists(entry.file());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete spool entry " + entry.file(), e);
        }
        forget(entry, size);
    }

    /** Moves an entry that cannot be drained to {@code <spool>-failed/<provider>/}, out of the drain's way. */
    public Path moveAside(Entry entry) {
        long size = SpoolFiles.size(entry.file());
        try {
            Path dir = Files.createDirectories(failedRoot.resolve(entry.provider()));
            Path target = dir.resolve(entry.file().getFileName());
            try {
                Files.move(entry.file(), target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(entry.file(), target);
            }
            forget(entry, size);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not move spool entry " + entry.file() + " aside", e);
        }
    }

    private void forget(Entry entry, long size) {
        if (queue(entry.provider()).remove(entry.file())) {
            bytes.addAndGet(-size);
        }
    }

    /**
     * Entries waiting under a spool directory ({@code <data-dir>/spool}) or a failed one, counted on
     * disk without opening the spool (nothing is cleaned up or created); 0 when it does not exist.
     */
    public static long entriesOnDisk(Path root) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        long n = 0;
        // Names only (no file attributes): a running drain may delete entries while they are counted.
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(d, "*" + SpoolFiles.SUFFIX)) {
                    for (Path ignored : entries) {
                        n++;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the spool " + root, e);
        }
        return n;
    }

    public long depth(String provider) {
        return queue(provider).size();
    }

    /** Bytes held by the spool (headers included), against {@link #maxBytes()}. */
    public long bytes() {
        return bytes.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Time the provider's oldest entry was received, or null when its spool is empty. */
    public Instant oldestReceivedAt(String provider) {
        ConcurrentSkipListSet<Path> q = queue(provider);
        Path head = q.isEmpty() ? null : q.first();
        try {
            return head == null ? null : SpoolEntryFormat.read(head).receivedAt();
        } catch (IOException deletedOrBroken) {
            return null;
        }
    }
}
