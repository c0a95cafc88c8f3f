package io.tributary.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The file system side of the spool: crash-safe writes (a {@code .partial} file, written fully,
 * forced, renamed, directory forced), the listing, and the sequence that orders entries.
 * A {@code .partial} file was never answered 2xx: it is removed on failure and at start.
 */
final class SpoolFiles {

    static final String SUFFIX = ".delivery";
    static final String TEMP = ".partial";

    private final Path root;
    private volatile SpoolSink.Opener opener;
    private final AtomicLong sequence;

    SpoolFiles(Path root, SpoolSink.Opener opener) {
        this.root = root;
        this.opener = opener;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the spool directory " + root, e);
        }
        this.sequence = new AtomicLong(Math.max(System.currentTimeMillis() * 1000, highestSequence() + 1));
    }

    /** Test seam: a fake sink simulates a full disk. */
    void useOpener(SpoolSink.Opener opener) {
        this.opener = opener;
    }

    Path write(String provider, byte[] head, byte[] raw) throws IOException {
        Path dir = Files.createDirectories(root.resolve(provider));
        String name = String.format("%020d", sequence.getAndIncrement());
        Path temp = dir.resolve(name + TEMP);
        Path done = dir.resolve(name + SUFFIX);
        try {
            try (SpoolSink sink = opener.open(temp)) {
                SpoolSink.writeFully(sink, head);
                SpoolSink.writeFully(sink, raw);
                sink.force();
            }
            try {
                Files.move(temp, done, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, done);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(dir);
        return done;
    }

    List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
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

    void removePartialWrites() {
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
