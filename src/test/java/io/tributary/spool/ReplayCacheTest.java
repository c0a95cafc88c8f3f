package io.tributary.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ReplayCacheTest {

    private static byte[] body(int i) {
        return ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_know_a_remembered_delivery_of_the_same_provider_only() {
        ReplayCache cache = new ReplayCache(10);
        cache.remember(ReplayCache.digest("alcmeon", body(1)));
        assertTrue(cache.seen(ReplayCache.digest("alcmeon", body(1))));
        assertFalse(cache.seen(ReplayCache.digest("sts-gen2", body(1))));
        assertFalse(cache.seen(ReplayCache.digest("alcmeon", body(2))));
        assertNotEquals(ReplayCache.digest("a", "b{}".getBytes(StandardCharsets.UTF_8)), ReplayCache.digest("ab", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void should_stay_within_its_bound_forgetting_the_least_recent() {
        ReplayCache cache = new ReplayCache(100);
        for (int i = 0; i < 1000; i++) {
            cache.remember(ReplayCache.digest("alcmeon", body(i)));
        }
        assertEquals(100, cache.size());
        assertFalse(cache.seen(ReplayCache.digest("alcmeon", body(0))));
        assertTrue(cache.seen(ReplayCache.digest("alcmeon", body(999))));
    }
}
