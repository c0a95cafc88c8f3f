package io.tributary.poll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a poll's pages still bring items it has not seen: {@code limit} pages in a row without a
 * new one (an API that ignores its cursor parameter but hands out new tokens) end the poll as
 * {@code no-progress}. Items are told apart by a 64-bit hash, so a long poll keeps 8 bytes an item.
 */
final class PageProgress {

    private final Set<Long> seen = new HashSet<>();
    private int pagesWithoutNew;

    void reset() {
        seen.clear();
        pagesWithoutNew = 0;
    }

    /** Counts the page; throws once {@code limit} pages in a row had items but none new. */
    void page(List<byte[]> items, int pages, int limit) {
        if (items.isEmpty()) {
            return; // an empty page ends a poll, or seeks back through history: neither spins
        }
        boolean fresh = false;
        for (byte[] item : items) {
            fresh |= seen.add(hash(item));
        }
        pagesWithoutNew = fresh ? 0 : pagesWithoutNew + 1;
        if (pagesWithoutNew >= limit) {
            throw new PollFailure(PollFailure.NO_PROGRESS, pages + " pages read, the last " + pagesWithoutNew
                    + " without an item new to this poll: the API does not move on from the cursor");
        }
    }

    /**
     * A 64-bit non-cryptographic hash of the item, eight bytes a step: SHA-256 per item was 7% of a
     * backfill's polling thread. Good enough here, where a collision can at worst count a page as
     * bringing nothing new (the poll fails and is retried), never drop an item: DeclarativePoller's
     * record of items handed on, where it could, keeps SHA-256.
     */
    static long hash(byte[] item) {
        long h = SEED ^ (item.length * M1);
        int i = 0;
        for (; i + 8 <= item.length; i += 8) {
            h = mix(h ^ (long) LONGS.get(item, i)); // each step is a bijection: one differing word always differs
        }
        long tail = 0;
        for (; i < item.length; i++) {
            tail = tail << 8 | (item[i] & 0xff);
        }
        return mix(mix(h ^ tail));
    }

    /** Multiply and fold the high bits down, as MurmurHash3's 64-bit finaliser does. */
    private static long mix(long h) {
        h *= M2;
        return h ^ h >>> 29;
    }

    private static final long SEED = 0x9E3779B97F4A7C15L;
    private static final long M1 = 0xC2B2AE3D27D4EB4FL;
    private static final long M2 = 0xFF51AFD7ED558CCDL;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
