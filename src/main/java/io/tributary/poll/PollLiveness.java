package io.tributary.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The liveness of the pollers: DOWN when a poll has completed no step for longer than its
 * poller's {@link CursorPoller#stallTimeout()} (a call or a wait that no deadline ended), or when
 * this replica has led a provider for that long and its poll route has not ticked in that time (the
 * thread that runs it is gone). Either needs a restart, which liveness gives; a failing provider
 * does not (it backs off, and {@code loops} health says so).
 */
public final class PollLiveness extends AbstractHealthCheck {

    private final Clock clock;
    private final Predicate<String> leads;
    /** When this check first saw the replica lead each provider (continuously since). */
    private final Map<String, Instant> leadingSince = new ConcurrentHashMap<>();

    /** @param leads whether this replica is elected to call the provider now */
    public PollLiveness(Clock clock, Predicate<String> leads) {
        super("tributary", "pollers");
        this.clock = clock;
        this.leads = leads;
    }

    @Override
    public boolean isLiveness() {
        return true;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        List<String> problems = new ArrayList<>();
        for (CursorPoller poller : getCamelContext().getRegistry().findByType(CursorPoller.class)) {
            String provider = poller.provider();
            poller.stalled(now).ifPresent(problems::add);
            if (!leads.test(provider)) {
                leadingSince.remove(provider);
                continue;
            }
            Instant since = leadingSince.computeIfAbsent(provider, p -> now);
            Duration deadline = poller.stallTimeout();
            Instant tick = poller.lastTick();
            Instant alive = tick == null || tick.isBefore(since) ? since : tick;
            if (now.isAfter(alive.plus(deadline)) && poller.stalled(now).isEmpty()) {
                problems.add(provider + " is led here but its poll route has not run for "
                        + Duration.between(alive, now).toSeconds() + " s (deadline " + deadline.toSeconds() + " s)");
            }
            builder.detail(provider + ".last-tick-age-seconds", tick == null ? -1 : Duration.between(tick, now).toSeconds());
        }
        if (problems.isEmpty()) {
            builder.up();
        } else {
            builder.message(String.join("; ", problems));
            builder.down();
        }
    }
}
