package io.tributary.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static final byte[] BODY = "{\"id\":1,\"text\":\"a delivery of some length\"}".getBytes(StandardCharsets.UTF_8);

    /** A disk that takes {@code room} bytes and then nothing more, like a full device; each write takes at most {@code chunk}. */
    static SpoolSink.Opener disk(int room, int chunk, boolean failForce) {
        return file -> {
            Files.createFile(file);
            return new SpoolSink() {
                int left = room;

                @Override
                public int write(ByteBuffer b) {
                    int n = Math.min(Math.min(left, chunk), b.remaining());
                    b.position(b.position() + n);
                    left -= n;
                    return n;
                }

                @Override
                public void force() throws IOException {
                    if (failForce) {
                        throw new IOException("No space left on device");
                    }
                }

                @Override
                public void close() {
                }
            };
        };
    }

    private long files(String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void should_fail_a_short_write_and_leave_no_partial_file() throws Exception {
        Spool spool = new Spool(dir.resolve("spool"), 1 << 20, disk(20, 8, false));
        assertThrows(UncheckedIOException.class, () -> spool.write("alcmeon", "webhook", BODY));
        assertEquals(0, spool.depth("alcmeon"));
        assertEquals(0, spool.bytes());
        assertEquals(0, files(".partial"));
        assertEquals(0, files(".delivery"));
    }

    @Test
    void should_fail_when_the_force_fails_and_leave_no_partial_file() throws Exception {
        Spool spool = new Spool(dir.resolve("spool"), 1 << 20, disk(1 << 20, 1 << 20, true));
        assertThrows(UncheckedIOException.class, () -> spool.write("alcmeon", "webhook", BODY));
        assertEquals(0, files(".partial"));
        assertEquals(0, spool.depth("alcmeon"));
    }

    @Test
    void should_keep_writing_until_every_byte_is_written() throws Exception {
        Path root = dir.resolve("spool");
        Spool spool = new Spool(root, 1 << 20);
        spool.useOpener(file -> {
            SpoolSink real = SpoolSink.file(file);
            return new SpoolSink() {
                @Override
                public int write(ByteBuffer b) throws IOException {
                    ByteBuffer three = b.slice().limit(Math.min(3, b.remaining()));
                    int n = real.write(three);
                    b.position(b.position() + n);
                    return n;
                }

                @Override
                public void force() throws IOException {
                    real.force();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        });
        spool.write("alcmeon", "webhook", BODY);
        assertArrayEquals(BODY, new Spool(root, 1 << 20).oldest(10).get(0).raw(), "short writes were continued, not dropped");
    }

    @Test
    void should_refuse_a_delivery_past_the_quota_and_accept_again_once_drained() {
        Spool spool = new Spool(dir.resolve("spool"), 3L * (BODY.length + 40));
        spool.write("alcmeon", "webhook", BODY);
        spool.write("alcmeon", "webhook", BODY);
        assertThrows(SpoolFullException.class, () -> {
            for (int i = 0; i < 3; i++) {
                spool.write("alcmeon", "webhook", BODY);
            }
        });
        long held = spool.bytes();
        assertEquals(held, new Spool(dir.resolve("spool"), 1 << 20).bytes(), "the count survives a restart");
        spool.oldest(10).forEach(spool::delete);
        assertEquals(0, spool.bytes());
        spool.write("alcmeon", "webhook", BODY);
    }
}
