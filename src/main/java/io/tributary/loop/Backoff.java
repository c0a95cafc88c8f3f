package io.tributary.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a loop may try again: every {@code interval} after a success; after a failure, exponential
 * backoff from {@code initialBackoff} up to {@code maxBackoff}, but never sooner than the other
 * side's Retry-After. Pollers use it as their schedule, the spool drain and STS Gen2's sign-in
 * and registration as their retry backoff.
 */
public final class Backoff {

    private final Duration interval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private Instant next = Instant.EPOCH;
    private int failures;

    public Backoff(Duration interval, Duration initialBackoff, Duration maxBackoff) {
        this.interval = interval;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    public synchronized boolean due(Instant now) {
        return !now.isBefore(next);
    }

    public synchronized void succeeded(Instant now) {
        failures = 0;
        next = now.plus(interval);
    }

    /** @return the delay chosen before the next attempt */
    public synchronized Duration failed(Instant now, Optional<Duration> retryAfter) {
        failures++;
        long factor = 1L << Math.min(failures - 1, 20);
        Duration backoff = initialBackoff.multipliedBy(factor);
        if (backoff.compareTo(maxBackoff) > 0) {
            backoff = maxBackoff;
        }
        if (retryAfter.isPresent() && retryAfter.get().compareTo(backoff) > 0) {
            backoff = retryAfter.get();
        }
        next = now.plus(backoff);
        return backoff;
    }

    /** Polls at {@code at} instead of after the interval (more work waits, e.g. for rate budget). */
    public synchronized void nextAt(Instant at) {
        next = at;
    }

    /** Polls on the next tick, unless a failure backoff (and its Retry-After) is running. */
    public synchronized void runNow(Instant now) {
        if (failures == 0 && now.isBefore(next)) {
            next = now;
        }
    }

    public synchronized int failures() {
        return failures;
    }

    public synchronized Instant next() {
        return next;
    }
}
