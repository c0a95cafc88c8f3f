package io.tributary.poll;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a poll's pages still bring items it has not seen: {@code limit} pages in a row without a
 * new one (an API that ignores its cursor parameter but hands out new tokens) end the poll as
 * {@code no-progress}. Items are told apart by a digest, so a long poll keeps 8 bytes an item.
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
            fresh |= seen.add(digest(item));
        }
        pagesWithoutNew = fresh ? 0 : pagesWithoutNew + 1;
        if (pagesWithoutNew >= limit) {
            throw new PollFailure(PollFailure.NO_PROGRESS, pages + " pages read, the last " + pagesWithoutNew
                    + " without an item new to this poll: the API does not move on from the cursor");
        }
    }

    /** The first 8 bytes of the item's SHA-256: tells items apart without keeping them. */
    static long digest(byte[] item) {
        return ByteBuffer.wrap(SHA256.get().digest(item)).getLong(); // digest() resets it for the next item
    }

    /** One digest per polling thread, not a provider lookup (MessageDigest.getInstance) for every item of every page. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
