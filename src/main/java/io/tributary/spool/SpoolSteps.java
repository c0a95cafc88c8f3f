package io.tributary.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.tributary.core.Props;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
import io.tributary.poll.PollSchedule;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route steps around the {@link Spool}: {@link #accept} on the webhook thread (durable
 * before the 2xx, no Kafka involved), and the drain route's {@link #due}, {@link #next},
 * {@link #done} and {@link #failed}. The drain publishes through the normal ingest route, so the
 * dedupe ledger applies, and deletes entries only after Kafka acknowledged their events.
 */
public final class SpoolSteps {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolSteps.class);
    private static final String BATCH = "tributarySpoolBatch";
    /** 1 GiB: hours of any provider's peak traffic, far from filling a typical volume. */
    static final long DEFAULT_MAX_BYTES = 1L << 30;

    private final Spool spool;
    private final TributaryMetrics metrics;
    private final int batchSize;
    private final PollSchedule schedule = new PollSchedule(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(30));
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public SpoolSteps(Spool spool, TributaryMetrics metrics, int batchSize) {
        this.spool = spool;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    /** Reads {@code tributary.spool.*} and builds the spool under {@code <tributary.data-dir>/spool}. */
    public static SpoolSteps create(CamelContext context, TributaryMetrics metrics) {
        Settings s = Settings.of(context);
        long maxBytes = Long.parseLong(s.string("tributary.spool.max-bytes", Long.toString(DEFAULT_MAX_BYTES)));
        Spool spool = new Spool(Path.of(s.string("tributary.data-dir", "data")).resolve("spool"), maxBytes);
        SpoolSteps steps = new SpoolSteps(spool, metrics, s.integer("tributary.spool.batch-size", 100));
        steps.registerExisting();
        return steps;
    }

    /**
     * Durable accept: the raw verified delivery is on disk when this returns. A full spool or a
     * failed write throws, and the webhook's error handler answers 503.
     */
    public void accept(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        gauges(provider);
        try {
            spool.write(provider, exchange.getProperty(Props.CHANNEL, "webhook", String.class), exchange.getProperty(Props.RAW, byte[].class));
        } catch (SpoolFullException e) {
            metrics.counter("tributary.spool.full", provider).increment();
            throw e;
        }
    }

    Spool spool() {
        return spool;
    }

    public boolean due(Exchange exchange) {
        boolean due = schedule.due(Instant.now());
        exchange.setProperty(Props.MORE, due);
        return due;
    }

    /** Body: the raw deliveries of the next batch (one provider, arrival order). */
    public void next(Exchange exchange) {
        List<Spool.Entry> batch = spool.oldest(batchSize);
        exchange.setProperty(BATCH, batch);
        exchange.setProperty(Props.MORE, !batch.isEmpty());
        if (batch.isEmpty()) {
            schedule.succeeded(Instant.now());
            return;
        }
        Spool.Entry first = batch.get(0);
        gauges(first.provider());
        exchange.setProperty(Props.PROVIDER, first.provider());
        exchange.setProperty(Props.CHANNEL, first.channel());
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(batch.stream().map(Spool.Entry::raw).toList());
    }

    /** The batch's events are in Kafka (or dead-lettered): its entries can go. */
    @SuppressWarnings("unchecked")
    public void done(Exchange exchange) {
        for (Spool.Entry e : (List<Spool.Entry>) exchange.getProperty(BATCH, List.class)) {
            spool.delete(e);
        }
    }

    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Duration delay = schedule.failed(Instant.now(), Optional.empty());
        LOG.warn("Spool drain failed ({} in a row); entries stay on disk, next attempt in {}: {}",
                schedule.failures(), delay, e == null ? "?" : e.getMessage());
    }

    private void gauges(String provider) {
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
