package io.tributary.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durable accept for providers that never retry: a verified delivery is written to
 * {@code <data-dir>/spool/<provider>/} and forced to disk (file and directory) before the
 * provider gets its 2xx. Entries are named by a sequence, so they drain in arrival order, and are
 * deleted only after their events were acknowledged by Kafka. A file that was not completely
 * written (a crash mid-write) was never acknowledged to the provider, and is removed at start.
 */
public final class Spool {

    /** One spooled delivery. */
    public record Entry(Path file, String provider, String channel, Instant receivedAt, byte[] raw) {
    }

    private static final String SUFFIX = ".delivery";
    private static final String TEMP = ".partial";

    private final Path root;
    private final AtomicLong sequence;
    /** Entries per provider in arrival order, so draining never re-lists a large directory. */
    private final Map<String, ConcurrentSkipListSet<Path>> index = new ConcurrentHashMap<>();

    public Spool(Path root) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the spool directory " + root, e);
        }
        this.sequence = new AtomicLong(Math.max(System.currentTimeMillis() * 1000, highestSequence() + 1));
        removePartialWrites();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : dirs) {
                try (Stream<Path> s = list(d)) {
                    s.forEach(f -> queue(d.getFileName().toString()).add(f));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ConcurrentSkipListSet<Path> queue(String provider) {
        return index.computeIfAbsent(provider, p -> new ConcurrentSkipListSet<>(Comparator.comparing(f -> f.getFileName().toString())));
    }

    public Path root() {
        return root;
    }

    /** Writes and forces the delivery to disk; when this returns, the delivery survives a crash. */
    public Path write(String provider, String channel, byte[] raw) {
        Path dir = root.resolve(provider);
        try {
            Files.createDirectories(dir);
            String name = String.format("%020d", sequence.getAndIncrement());
            Path temp = dir.resolve(name + TEMP);
            Path done = dir.resolve(name + SUFFIX);
            byte[] head = (channel + "\n" + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(head));
                ch.write(ByteBuffer.wrap(raw));
                ch.force(true);
            }
            try {
                Files.move(temp, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, done);
            }
            forceDirectory(dir);
            queue(provider).add(done);
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not spool a " + provider + " delivery", e);
        }
    }

    /** Up to {@code max} oldest entries of the provider that has the oldest entry, in arrival order. */
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
            out.add(read(f));
        }
        return out;
    }

    public void delete(Entry entry) {
        try {
            Files.deleteIfExists(entry.file());
            queue(entry.provider()).remove(entry.file());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete spool entry " + entry.file(), e);
        }
    }

    public long depth(String provider) {
        return queue(provider).size();
    }

    /** Age of the provider's oldest entry, or null when its spool is empty. */
    public Instant oldestReceivedAt(String provider) {
        ConcurrentSkipListSet<Path> q = queue(provider);
        Path head = q.isEmpty() ? null : q.first();
        try {
            return head == null ? null : read(head).receivedAt();
        } catch (UncheckedIOException deletedMeanwhile) {
            return null;
        }
    }

    private Entry read(Path file) {
        try {
            byte[] all = Files.readAllBytes(file);
            int nl1 = indexOf(all, 0);
            int nl2 = indexOf(all, nl1 + 1);
            String channel = new String(all, 0, nl1, StandardCharsets.UTF_8);
            Instant at = Instant.parse(new String(all, nl1 + 1, nl2 - nl1 - 1, StandardCharsets.UTF_8));
            byte[] raw = java.util.Arrays.copyOfRange(all, nl2 + 1, all.length);
            return new Entry(file, file.getParent().getFileName().toString(), channel, at, raw);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read spool entry " + file, e);
        }
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("Spool entry without its header");
    }

    private static Stream<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long highestSequence() {
        long max = 0;
        try (Stream<Path> s = Files.walk(root, 2)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                int dot = n.indexOf('.');
                if (dot > 0) {
                    try {
                        max = Math.max(max, Long.parseLong(n.substring(0, dot)));
                    } catch (NumberFormatException ignored) {
                        // not ours
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return max;
    }

    private void removePartialWrites() {
        try (Stream<Path> s = Files.walk(root, 2)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(TEMP)).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename durable; some file systems refuse to open a directory, which is fine there.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // best effort on platforms without directory fsync
        }
    }
}
