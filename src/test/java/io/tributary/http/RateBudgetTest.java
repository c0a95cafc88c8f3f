package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import io.tributary.testing.ManualClock;
import org.junit.jupiter.api.Test;

class RateBudgetTest {

    @Test
    void should_allow_at_most_the_limit_in_any_sliding_window() {
        ManualClock clock = new ManualClock();
        RateBudget budget = new RateBudget(15, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 15; i++) {
            assertTrue(budget.tryAcquire());
            clock.advance(Duration.ofSeconds(1));
        }
        assertFalse(budget.tryAcquire());
        assertEquals(Instant.parse("2026-01-01T00:01:00.600Z"), budget.nextPermitAt(), "window plus a 1% margin");
        clock.set(Instant.parse("2026-01-01T00:01:00.600Z"));
        assertTrue(budget.tryAcquire(), "the first call left the window");
        assertFalse(budget.tryAcquire());
    }

    @Test
    void should_wait_until_the_provider_lifts_its_limit() {
        ManualClock clock = new ManualClock();
        RateBudget budget = new RateBudget(15, Duration.ofMinutes(1), clock);
        budget.blockUntil(clock.instant().plusSeconds(90));
        assertFalse(budget.tryAcquire());
        assertEquals(0, budget.remaining());
        assertEquals(clock.instant().plusSeconds(90), budget.nextPermitAt());
        clock.advance(Duration.ofSeconds(90));
        assertTrue(budget.tryAcquire());
    }

    @Test
    void should_let_a_new_leader_spend_only_what_the_last_leader_left() {
        ManualClock clock = new ManualClock();
        clock.set(Instant.parse("2026-01-01T00:00:00.123456789Z")); // a snapshot keeps milliseconds only
        RateBudget old = new RateBudget(15, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 10; i++) {
            assertTrue(old.tryAcquire());
            clock.advance(Duration.ofSeconds(1));
        }
        RateBudget taken = new RateBudget(15, Duration.ofMinutes(1), clock);
        taken.merge(old.snapshot());
        assertEquals(5, taken.remaining());
        taken.merge(old.snapshot());
        assertEquals(5, taken.remaining(), "merging the same calls twice counts them once");
        old.merge(old.snapshot());
        assertEquals(5, old.remaining(), "a leader reading back its own snapshot counts its calls once");
        for (int i = 0; i < 5; i++) {
            assertTrue(taken.tryAcquire());
        }
        assertFalse(taken.tryAcquire());
    }

    @Test
    void should_carry_a_block_and_ignore_an_unreadable_snapshot() {
        ManualClock clock = new ManualClock();
        RateBudget old = new RateBudget(15, Duration.ofMinutes(1), clock);
        old.blockUntil(clock.instant().plusSeconds(30));
        RateBudget taken = new RateBudget(15, Duration.ofMinutes(1), clock);
        taken.merge("not;a,budget");
        assertEquals(15, taken.remaining());
        taken.merge(old.snapshot());
        assertEquals(clock.instant().plusSeconds(30), taken.nextPermitAt());
    }
}
