package io.tributary.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * At most {@code limit} calls in any sliding {@code window}, shared by every call to one provider
 * account (polls and token calls alike). After a 429 it also honours the provider's
 * "limited until" time. Callers that find no budget wait for {@link #nextPermitAt()}; they never block.
 */
public final class RateBudget {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> calls = new ArrayDeque<>();
    private Instant blockedUntil = Instant.EPOCH;

    public RateBudget(int limit, Duration window, Clock clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("A rate limit must allow at least one call");
        }
        this.limit = limit;
        // The provider counts a call when it arrives, a little after we count it: keep a margin.
        Duration margin = window.dividedBy(100);
        this.window = window.plus(margin.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : margin);
        this.clock = clock;
    }

    /** Takes one call from the budget if there is one. */
    public synchronized boolean tryAcquire() {
        Instant now = clock.instant();
        expire(now);
        if (now.isBefore(blockedUntil) || calls.size() >= limit) {
            return false;
        }
        calls.addLast(now);
        return true;
    }

    /** The provider said it limits us until {@code until}. */
    public synchronized void blockUntil(Instant until) {
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
    }

    public synchronized Instant nextPermitAt() {
        Instant now = clock.instant();
        expire(now);
        Instant next = calls.size() < limit ? now : calls.peekFirst().plus(window);
        return next.isBefore(blockedUntil) ? blockedUntil : next;
    }

    public synchronized int remaining() {
        expire(clock.instant());
        return clock.instant().isBefore(blockedUntil) ? 0 : limit - calls.size();
    }

    private void expire(Instant now) {
        while (!calls.isEmpty() && !calls.peekFirst().plus(window).isAfter(now)) {
            calls.removeFirst();
        }
    }
}
