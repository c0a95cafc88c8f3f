package io.tributary.http;

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
        // Millisecond precision, as in a snapshot: merging our own snapshot back must not count a call twice.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
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

    /**
     * The calls of the current window and the block, as text: a new leader merges the last
     * leader's snapshot so that one budget per provider account holds across replicas (a
     * fresh budget would let the new leader spend the whole limit again at once).
     */
    public synchronized String snapshot() {
        expire(clock.instant());
        StringBuilder b = new StringBuilder().append(blockedUntil.toEpochMilli()).append(';');
        calls.forEach(c -> b.append(c.toEpochMilli()).append(','));
        return b.toString();
    }

    /** Adds another replica's calls (see {@link #snapshot()}); unreadable text changes nothing. */
    public synchronized void merge(String snapshot) {
        String[] parts = snapshot.split(";", -1);
        try {
            blockUntil(Instant.ofEpochMilli(Long.parseLong(parts[0])));
            java.util.TreeSet<Instant> all = new java.util.TreeSet<>(calls);
            if (parts.length > 1) {
                for (String c : parts[1].split(",")) {
                    if (!c.isBlank()) {
                        all.add(Instant.ofEpochMilli(Long.parseLong(c.trim())));
                    }
                }
            }
            calls.clear();
            calls.addAll(all);
            expire(clock.instant());
        } catch (NumberFormatException e) {
            // a snapshot from a future format: keep our own count
        }
    }

    private void expire(Instant now) {
        while (!calls.isEmpty() && !calls.peekFirst().plus(window).isAfter(now)) {
            calls.removeFirst();
        }
    }
}
