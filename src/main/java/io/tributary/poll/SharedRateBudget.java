package io.tributary.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tributary.poll.cursor.CursorStore;
import io.tributary.http.ApiException;
import io.tributary.http.RateBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider account's {@link RateBudget}, kept in the cursor store as {@code <provider>:rate-budget}
 * so that one budget holds across replicas: the calls are written before each call (a replica that
 * takes over after a SIGKILL counts them too) and merged by the leader before each poll (a fresh
 * budget would let a new leader spend the whole limit again at once).
 */
final class SharedRateBudget {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateBudget.class);

    private final RateBudget budget;
    private final String key;
    private final Duration window;
    private volatile CursorStore store;

    SharedRateBudget(String provider, int limit, Duration window) {
        this.budget = new RateBudget(limit, window, Clock.systemUTC());
        this.key = provider + ":rate-budget";
        this.window = window;
    }

    /** Before each poll: start from the calls the last leader made. */
    void attach(CursorStore store) {
        this.store = store;
        store.load(key).ifPresent(c -> budget.merge(c.value()));
    }

    /** Takes one call, shared before it is made; false when the budget is spent. */
    boolean tryAcquire() {
        if (!budget.tryAcquire()) {
            return false;
        }
        share();
        return true;
    }

    /**
     * The provider answered 429: no call until it said (or, when it did not, for a window), on every
     * replica. The failure then carries that wait, so the poller's backoff never calls sooner.
     */
    ApiException refused(ApiException limited) {
        Instant now = Instant.now();
        Instant until = limited.retryAfter().map(now::plus).orElse(now.plus(window));
        budget.blockUntil(until);
        share();
        return new ApiException(limited.getMessage(), limited.status(), Duration.between(now, until), limited, limited.body());
    }

    Instant nextPermitAt() {
        return budget.nextPermitAt();
    }

    int remaining() {
        return budget.remaining();
    }

    private void share() {
        CursorStore s = store;
        if (s != null) {
            s.saveAsync(key, budget.snapshot()).exceptionally(e -> {
                LOG.debug("Could not share the rate budget {}: {}", key, e.toString());
                return null;
            });
        }
    }
}
