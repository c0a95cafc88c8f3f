package io.tributary.spool;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SHA-256 digests of the most recent verified durable deliveries (provider + raw body). A
 * captured delivery replayed in a loop is then answered 2xx without being fsynced again, so it
 * cannot fill the disk; the core's dedupe store still guards whatever this bounded memory forgets.
 */
final class ReplayCache {

    private final Map<String, Boolean> recent;

    ReplayCache(int maxEntries) {
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > maxEntries;
            }
        };
    }

    static String digest(String provider, byte[] raw) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(provider.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized boolean seen(String digest) {
        return recent.get(digest) != null;
    }

    /** Called only once the delivery is on disk: a failed write must not make its retry look like a replay. */
    synchronized void remember(String digest) {
        recent.put(digest, Boolean.TRUE);
    }

    synchronized int size() {
        return recent.size();
    }
}
