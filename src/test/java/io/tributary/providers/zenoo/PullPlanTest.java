package io.tributary.providers.zenoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;

import io.tributary.providers.zenoo.PendingTokens.Pending;
import org.junit.jupiter.api.Test;

class PullPlanTest {

    private static final Instant REGISTERED = Instant.parse("2026-01-01T00:00:00Z");
    private final PullPlan plan = new PullPlan();

    @Test
    void should_check_fast_then_slow_until_the_timeout() {
        Pending p = new Pending("t", "ref", REGISTERED, false);
        Instant early = REGISTERED.plusSeconds(30);
        assertEquals(PullPlan.Step.PULL, plan.step(p, early));
        assertEquals(early.plusSeconds(10), plan.nextCheck(p, early), "every 10 s in the first 2 minutes");
        Instant later = REGISTERED.plus(Duration.ofMinutes(5));
        assertEquals(later.plusSeconds(30), plan.nextCheck(p, later), "then every 30 s");
        Instant due = REGISTERED.plus(Duration.ofMinutes(10));
        assertEquals(PullPlan.Step.TIME_OUT, plan.step(p, due));
        assertEquals(due.plus(Duration.ofMinutes(15)), plan.nextCheck(p, due), "the fallback follows the time-out");
    }

    @Test
    void should_fall_back_after_the_timeout_and_give_up_after_a_day() {
        Pending timedOut = new Pending("t", "ref", REGISTERED, true);
        Instant hourLater = REGISTERED.plus(Duration.ofHours(1));
        assertEquals(PullPlan.Step.PULL, plan.step(timedOut, hourLater), "a timed-out token is still checked, only rarely");
        assertEquals(hourLater.plus(Duration.ofMinutes(15)), plan.nextCheck(timedOut, hourLater));
        assertEquals(PullPlan.Step.GIVE_UP, plan.step(timedOut, REGISTERED.plus(Duration.ofHours(24))));
    }
}
