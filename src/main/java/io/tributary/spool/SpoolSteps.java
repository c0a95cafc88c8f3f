package io.tributary.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.tributary.config.Props;
import io.tributary.config.Settings;
import io.tributary.metrics.TributaryMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;

/**
 * The webhook side of the {@link Spool}: {@link #accept} on the webhook thread (durable before the
 * 2xx, no Kafka involved), the spool's settings and its gauges. The drain is {@link SpoolDrain}.
 */
public final class SpoolSteps {

    /** 1 GiB: hours of any provider's peak traffic, far from filling a typical volume. */
    static final long DEFAULT_MAX_BYTES = 1L << 30;

    private final Spool spool;
    private final TributaryMetrics metrics;
    private final ReplayCache replays;
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public SpoolSteps(Spool spool, TributaryMetrics metrics, int replayCacheSize) {
        this.spool = spool;
        this.metrics = metrics;
        this.replays = new ReplayCache(replayCacheSize);
    }

    /** Reads {@code tributary.spool.*} and builds the spool under {@code <tributary.data-dir>/spool}. */
    public static SpoolSteps create(CamelContext context, TributaryMetrics metrics) {
        Settings s = Settings.of(context);
        long maxBytes = Long.parseLong(s.string("tributary.spool.max-bytes", Long.toString(DEFAULT_MAX_BYTES)));
        Spool spool = new Spool(Path.of(s.string("tributary.data-dir", "data")).resolve("spool"), maxBytes);
        SpoolSteps steps = new SpoolSteps(spool, metrics, s.integer("tributary.spool.replay-cache-size", 10_000));
        steps.registerExisting();
        // The drain route's bean; bound here so the runtime wiring needs one line for the spool.
        context.getRegistry().bind("spoolDrain", new SpoolDrain(spool, steps, metrics,
                s.integer("tributary.spool.batch-size", 100), s.integer("tributary.spool.max-attempts", 5)));
        return steps;
    }

    /**
     * Durable accept: the raw verified delivery is on disk when this returns. A full spool or a
     * failed write throws, and the webhook's error handler answers 503.
     */
    public void accept(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        gauges(provider);
        byte[] raw = exchange.getProperty(Props.RAW, byte[].class);
        String digest = ReplayCache.digest(provider, raw);
        if (replays.seen(digest)) {
            metrics.counter("tributary.spool.replays", provider).increment();
            return; // already on disk or already published: the core would drop it anyway
        }
        try {
            spool.write(provider, exchange.getProperty(Props.CHANNEL, "webhook", String.class), raw);
            replays.remember(digest);
        } catch (SpoolFullException e) {
            metrics.counter("tributary.spool.full", provider).increment();
            throw e;
        }
    }

    Spool spool() {
        return spool;
    }

    void gauges(String provider) {
        if (gauged.add("")) {
            Gauge.builder("tributary.spool.bytes", spool::bytes).baseUnit("bytes").register(metrics.registry());
            Gauge.builder("tributary.spool.max.bytes", spool::maxBytes).baseUnit("bytes").register(metrics.registry());
        }
        if (gauged.add(provider)) {
            metrics.gauge("tributary.spool.depth", provider, () -> spool.depth(provider));
            metrics.gauge("tributary.spool.oldest.age.seconds", provider, () -> {
                Instant oldest = spool.oldestReceivedAt(provider);
                return oldest == null ? 0 : Duration.between(oldest, Instant.now()).toMillis() / 1000.0;
            });
        }
    }

    /** Registers gauges for providers that already have entries (after a restart). */
    public void registerExisting() {
        try (var dirs = java.nio.file.Files.newDirectoryStream(spool.root(), java.nio.file.Files::isDirectory)) {
            dirs.forEach(d -> gauges(d.getFileName().toString()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
