package io.tributary.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where a spool entry's bytes go: a file channel in production, a fake in tests (a full disk is
 * simulated, never provoked). {@link #writeFully} is the only way bytes are written, so a short
 * write can never be mistaken for a complete one.
 */
public interface SpoolSink extends Closeable {

    /** Opens a new, not yet existing file for writing. */
    @FunctionalInterface
    interface Opener {
        SpoolSink open(Path file) throws IOException;
    }

    /** Like {@link FileChannel#write(ByteBuffer)}: may write fewer bytes than remain. */
    int write(ByteBuffer bytes) throws IOException;

    /** Forces the written bytes (and the file's metadata) to the device. */
    void force() throws IOException;

    /** Writes every byte, or fails: a write that makes no progress means the device is full. */
    static void writeFully(SpoolSink sink, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            int before = b.remaining();
            int n = sink.write(b);
            if (n <= 0 || b.remaining() != before - n) {
                throw new IOException("short write: " + b.remaining() + " of " + bytes.length + " bytes not written (disk full?)");
            }
        }
    }

    /** The production sink: a new file, forced with its metadata. */
    static SpoolSink file(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new SpoolSink() {
            @Override
            public int write(ByteBuffer bytes) throws IOException {
                return ch.write(bytes);
            }

            @Override
            public void force() throws IOException {
                ch.force(true);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
