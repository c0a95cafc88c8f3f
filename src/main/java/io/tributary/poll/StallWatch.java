package io.tributary.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a poller's route last ticked and when its poll in flight last completed a step (a page
 * fetched, a page committed, the poll ended), for the liveness check: each step is bounded (a call
 * by the request timeout, an ack by the ack timeout), so a poll past its deadline is hung for good.
 */
final class StallWatch {

    private volatile Instant lastStep;
    private volatile Instant lastTick;

    void tick(Instant now) {
        lastTick = now;
    }

    void step(Instant now) {
        lastStep = now;
    }

    /** The poll ended (succeeded or failed): nothing is in flight. */
    void ended() {
        lastStep = null;
    }

    Instant lastTick() {
        return lastTick;
    }

    Optional<String> stalled(String provider, Instant now, Duration deadline) {
        Instant step = lastStep;
        if (step == null || !now.isAfter(step.plus(deadline))) {
            return Optional.empty();
        }
        return Optional.of(provider + " poll has made no step for " + Duration.between(step, now).toSeconds()
                + " s (deadline " + deadline.toSeconds() + " s)");
    }
}
