package io.tributary.poll;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** PageProgress's cheap item hash tells realistic items apart, and the poller's handed-on record stays SHA-256. */
class PageProgressTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Fails naming both items when two distinct items of the sample share a hash. */
    private static void distinct(Map<Long, byte[]> seen, byte[] item) {
        byte[] other = seen.putIfAbsent(PageProgress.hash(item), item);
        if (other != null && !Arrays.equals(other, item)) {
            throw new AssertionError("same hash for " + new String(other, StandardCharsets.UTF_8) + " and "
                    + new String(item, StandardCharsets.UTF_8));
        }
    }

    @Test
    void should_give_the_same_bytes_the_same_hash() {
        byte[] item = utf8("{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}");
        assertEquals(PageProgress.hash(item), PageProgress.hash(item.clone()));
        assertEquals(PageProgress.hash(new byte[0]), PageProgress.hash(new byte[0]));
    }

    @Test
    void should_give_distinct_items_of_a_backfill_distinct_hashes() {
        Map<Long, byte[]> seen = new HashMap<>();
        Random r = new Random(19);
        for (int i = 0; i < 200_000; i++) { // API items that differ in an id, a timestamp and an amount
            distinct(seen, utf8("{\"id\":\"evt_" + i + "\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":"
                    + (1_700_000_000 + i / 3) + ",\"data\":{\"amount\":" + r.nextInt(10_000) + ",\"currency\":\"eur\"}}"));
        }
        byte[] base = utf8("{\"id\":\"evt_1\",\"object\":\"event\",\"type\":\"invoice.paid\",\"created\":1700000000}");
        for (int at = 0; at < base.length; at++) { // one byte changed, at every position: words and the tail
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = base.clone();
                changed[at] ^= (byte) (1 << bit);
                distinct(seen, changed);
            }
        }
        for (int n = 0; n <= 24; n++) { // zeros of every length: the tail alone cannot tell them apart
            distinct(seen, new byte[n]);
        }
    }

    @Test
    void should_end_a_poll_whose_pages_bring_nothing_new() {
        PageProgress progress = new PageProgress();
        List<byte[]> page = List.of(utf8("{\"id\":1}"), utf8("{\"id\":2}"));
        progress.page(page, 1, 2);
        progress.page(page, 2, 2); // one page without a new item
        progress.page(List.of(utf8("{\"id\":3}")), 3, 2); // a new item starts the count again
        progress.page(page, 4, 2);
        PollFailure failure = assertThrows(PollFailure.class, () -> progress.page(page, 5, 2));
        assertEquals(PollFailure.NO_PROGRESS, failure.reason());
        assertEquals(true, failure.getMessage().startsWith("5 pages read, the last 2 "), failure.getMessage());
        progress.reset();
        assertDoesNotThrow(() -> progress.page(page, 1, 2));
    }

    @Test
    void should_keep_sha_256_for_the_items_a_declarative_poller_handed_on() {
        // SHA-256("abc") begins ba7816bf8f01cfea (FIPS 180-2): a collision there would skip an item
        assertEquals(0xba7816bf8f01cfeaL, DeclarativePoller.sha256Prefix(utf8("abc")));
        assertNotEquals(PageProgress.hash(utf8("abc")), DeclarativePoller.sha256Prefix(utf8("abc")));
    }
}
