package io.tributary.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.config.Props;
import io.tributary.core.CoreListener;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * Per-provider counters and gauges, exported with Camel's own metrics on the management port
 * ({@code /observe/metrics}). Names: {@code tributary_events_received_total},
 * {@code _published_total}, {@code _duplicates_total}, {@code _deadlettered_total},
 * {@code tributary_webhook_rejected_total{reason}}, {@code tributary_poll_errors_total{reason}},
 * {@code tributary_cursor_age_seconds}, {@code tributary_core_latency_seconds},
 * {@code tributary_inbox_lag_records}. Published, duplicates and core dead letters are counted
 * by the core, as it decides.
 */
public final class TributaryMetrics implements CoreListener {

    private final CamelContext context;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private volatile MeterRegistry registry;

    public TributaryMetrics(CamelContext context) {
        this.context = context;
    }

    public MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            // camel-micrometer-prometheus binds its registry while the context starts; until then (or
            // with metrics disabled) count into a private registry so nothing fails.
            r = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (r == null) {
                return fallback();
            }
            registry = r;
        }
        return r;
    }

    private volatile SimpleMeterRegistry fallback;

    private MeterRegistry fallback() {
        if (fallback == null) {
            fallback = new SimpleMeterRegistry();
        }
        return fallback;
    }

    /** Counts the items of the delivery or page being ingested. */
    public void received(Exchange e) {
        Object body = e.getMessage().getBody();
        count("tributary.events.received", e, body instanceof java.util.List<?> l ? l.size() : 1);
    }

    // The core's outcomes (CoreListener): counted where the dedupe decision is made.
    @Override
    public void published(String provider, String channel, long latencyMillis) {
        series("tributary.events.published", provider, channel).increment();
        latency().record(latencyMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void duplicate(String provider, String channel) {
        series("tributary.events.duplicates", provider, channel).increment();
    }

    @Override
    public void deadLettered(String provider, String channel) {
        counter("tributary.events.deadlettered", "provider", orUnknown(provider), "channel", orUnknown(channel)).increment();
    }

    /** Edge write to core forward; the transaction commits within the commit interval after that. */
    private Timer latency() {
        Timer t = latency;
        if (t == null || registry() != latencyRegistry) {
            latencyRegistry = registry();
            t = Timer.builder("tributary.core.latency")
                    .description("From the inbox write (after verification) to the core forwarding the first copy")
                    .publishPercentiles(0.5, 0.99).publishPercentileHistogram(false)
                    .register(registry());
            latency = t;
        }
        return t;
    }

    private volatile Timer latency;
    private volatile MeterRegistry latencyRegistry;
    private final Map<String, Timer> answerTimers = new ConcurrentHashMap<>();
    private volatile MeterRegistry answerRegistry;

    /**
     * A webhook answered (any status), {@code nanos} after its request headers arrived. The buckets
     * are the documented deadlines (Alcmeon 1 s, STS Gen2 15 s): count minus a bucket is the answers
     * too slow for it. One timer per provider, built once: this runs for every request.
     */
    public void answered(String provider, long nanos) {
        MeterRegistry r = registry();
        if (r != answerRegistry) { // the registry is bound while the context starts: timers of an earlier one are dropped
            answerTimers.clear();
            answerRegistry = r;
        }
        answerTimers.computeIfAbsent(provider, p -> Timer.builder("tributary.webhook.latency")
                .description("From a webhook request's headers to the end of its answer")
                .tag("provider", p).serviceLevelObjectives(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(15))
                .register(r)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    public void deadLettered(Exchange e, int n) {
        count("tributary.events.deadlettered", e, n);
    }

    /**
     * Registers at zero the counters of each provider route, so a dashboard finds them and an alert
     * on {@code increase()} sees the first event (a counter born at 1 has no baseline).
     */
    public void registerProviders(Iterable<String> routeIds, Iterable<String> rejectionReasons, Iterable<String> pollReasons) {
        for (String route : routeIds) {
            if (route.endsWith("-webhook")) {
                String provider = route.substring(0, route.length() - "-webhook".length());
                rejectionReasons.forEach(reason -> counter("tributary.webhook.rejected", "provider", provider, "reason", reason));
                counter("tributary.events.deadlettered", "provider", provider, "channel", "webhook");
            } else if (route.endsWith("-poll")) {
                String provider = route.substring(0, route.length() - "-poll".length());
                pollReasons.forEach(reason -> counter("tributary.poll.errors", "provider", provider, "reason", reason));
                counter("tributary.events.deadlettered", "provider", provider, "channel", "poll");
            }
        }
    }

    public void rejected(String provider, String reason) {
        counter("tributary.webhook.rejected", "provider", provider, "reason", reason).increment();
    }

    /** A webhook handshake answered (Slack's url_verification, Meta's subscribe...): not an event. */
    public void handshake(String provider, String kind) {
        counter("tributary.webhook.handshakes", "provider", orUnknown(provider), "kind", kind).increment();
    }

    /** An event the provider's mapping drops by type (tributary.<id>.event-types): counted, not dead-lettered. */
    public void filtered(String provider, String channel) {
        counter("tributary.events.filtered", "provider", orUnknown(provider), "channel", orUnknown(channel)).increment();
    }

    /** A failed poll (or scheduled pull), by the reason that names its fault (see {@code PollFailure.REASONS}). */
    public void pollError(String provider, String reason) {
        counter("tributary.poll.errors", "provider", provider, "reason", reason).increment();
    }

    public double value(String name, String... tags) {
        Counter c = counters.get(name + String.join(",", tags));
        if (c == null) { // counted before Camel bound its registry
            c = registry().find(name).tags(tags).counter();
        }
        return c == null ? 0 : c.count();
    }

    /** The sum of a counter over all its series of one provider (e.g. poll errors of every reason). */
    public double total(String name, String provider) {
        return registry().find(name).tag("provider", provider).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** Seconds since the poller's cursor last advanced (or since start when it never did). */
    public void cursorAge(String provider, Supplier<Instant> lastAdvance) {
        Gauge.builder("tributary.cursor.age", () -> Duration.between(lastAdvance.get(), Instant.now()).toMillis() / 1000.0)
                .tag("provider", provider).baseUnit("seconds").register(registry());
    }

    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, () -> value.get().doubleValue()).register(registry());
    }

    public void gauge(String name, String provider, Supplier<Number> value) {
        Gauge.builder(name, () -> value.get().doubleValue()).tag("provider", provider).register(registry());
    }

    private void count(String name, Exchange e, int n) {
        if (n > 0) {
            series(name, e.getProperty(Props.PROVIDER, String.class), e.getProperty(Props.CHANNEL, String.class)).increment(n);
        }
    }

    /** A provider's own counter, e.g. {@code tributary.poll.possible.gaps}. */
    public Counter counter(String name, String provider) {
        return counter(name, "provider", provider);
    }

    private record Series(String name, String provider, String channel) {
    }

    private final Map<Series, Counter> byProviderChannel = new ConcurrentHashMap<>();

    /**
     * A per-event counter of one provider and channel, looked up by a key of the three strings as
     * they are: the tag list and joined name of {@link #counter(String, String...)} cost two
     * allocations and a string build per event.
     */
    private Counter series(String name, String provider, String channel) {
        if (registry() == fallback) {
            return counter(name, "provider", orUnknown(provider), "channel", orUnknown(channel));
        }
        return byProviderChannel.computeIfAbsent(new Series(name, orUnknown(provider), orUnknown(channel)),
                k -> counter(k.name(), "provider", k.provider(), "channel", k.channel()));
    }

    private Counter counter(String name, String... tags) {
        MeterRegistry r = registry();
        if (r == fallback) { // not cached: once Camel binds its registry, counting moves there
            return Counter.builder(name).tags(tags).register(r);
        }
        return counters.computeIfAbsent(name + String.join(",", tags), k -> Counter.builder(name).tags(tags).register(r));
    }
}
