package io.tributary.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * The bytes of one spool file: {@code <channel>\n<received-at>\n<raw delivery>}. The raw delivery is
 * kept byte for byte, because the signature was computed on it and dead letters carry it.
 */
final class SpoolEntryFormat {

    private SpoolEntryFormat() {
    }

    static byte[] header(String channel, Instant receivedAt) {
        return (channel + "\n" + receivedAt + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** @throws UnreadableEntryException when the file has no valid header; it can never be drained */
    static Spool.Entry read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        String provider = file.getParent().getFileName().toString();
        int nl1 = indexOf(all, 0);
        int nl2 = nl1 < 0 ? -1 : indexOf(all, nl1 + 1);
        if (nl2 < 0) {
            throw new UnreadableEntryException(file, all, "spool entry without its header");
        }
        String channel = new String(all, 0, nl1, StandardCharsets.UTF_8);
        Instant at;
        try {
            at = Instant.parse(new String(all, nl1 + 1, nl2 - nl1 - 1, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new UnreadableEntryException(file, all, "spool entry with a bad receive time");
        }
        return new Spool.Entry(file, provider, channel, at, Arrays.copyOfRange(all, nl2 + 1, all.length));
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** A file in the spool that is not a valid entry; its bytes are kept for the dead letter. */
    static final class UnreadableEntryException extends IOException {
        final transient Path file;
        final transient byte[] bytes;

        UnreadableEntryException(Path file, byte[] bytes, String message) {
            super(message + ": " + file.getFileName());
            this.file = file;
            this.bytes = bytes;
        }
    }
}
