package io.tributary.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * The background loops (pollers, pulls, the spool drain, the Kafka table followers) report each pass here, by route id, so
 * {@code /observe/health} says which one is failing, why (a short reason, e.g. {@code page-token-loop},
 * and the error) and how long ago it last succeeded (nothing while it never did). A loop
 * that fails does not stop readiness or liveness: it retries on its own, and restarting would
 * not fix a provider's outage; operators alert on this check and on the age metrics.
 */
public final class LoopHealth extends AbstractHealthCheck {

    private record State(Instant lastSuccess, Instant failingSince, String error, String reason) {
    }

    private final Map<String, State> loops = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoopHealth(Clock clock) {
        super("tributary", "loops");
        this.clock = clock;
    }

    public static LoopHealth of(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("loopHealth", LoopHealth.class);
    }

    public void succeeded(String loop) {
        loops.put(loop, new State(clock.instant(), null, null, null));
    }

    public void failed(String loop, Throwable error) {
        failed(loop, error, null);
    }

    /** @param reason a short name of the fault (e.g. {@code page-shape}); null when there is none */
    public void failed(String loop, Throwable error, String reason) {
        Instant now = clock.instant();
        loops.compute(loop, (k, s) -> new State(s == null ? null : s.lastSuccess(),
                s == null || s.failingSince() == null ? now : s.failingSince(),
                error == null ? "?" : error.getClass().getSimpleName() + ": " + error.getMessage(), reason));
    }

    /** A follower's pass ({@link io.tributary.kafka.KafkaTable.Watcher}): null when it worked, else its error. */
    public void report(String loop, Throwable error) {
        if (error == null) {
            succeeded(loop);
        } else {
            failed(loop, error);
        }
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant now = clock.instant();
        Map<String, String> failing = new TreeMap<>();
        loops.forEach((loop, s) -> {
            if (s.lastSuccess() != null) { // a loop that never succeeded has no age to show (not the uptime)
                builder.detail(loop + ".last-success-age-seconds", Duration.between(s.lastSuccess(), now).toSeconds());
            }
            if (s.failingSince() != null) {
                failing.put(loop, s.reason() == null ? loop : loop + " (" + s.reason() + ")");
                builder.detail(loop + ".failing-for-seconds", Duration.between(s.failingSince(), now).toSeconds());
                builder.detail(loop + ".error", s.error());
                if (s.reason() != null) {
                    builder.detail(loop + ".reason", s.reason());
                }
            }
        });
        if (failing.isEmpty()) {
            builder.up();
        } else {
            builder.message("Failing: " + String.join(", ", failing.values()));
            builder.down();
        }
    }
}
