package io.tributary.spool;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.tributary.event.Batch;
import io.tributary.event.DeadLetter;
import io.tributary.loop.LoopHealth;
import io.tributary.config.Props;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.loop.Backoff;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the {@code tributary-spool-drain} route: {@link #due}, then per batch {@link #next}
 * and, after the ingest route, {@link #done}. The drain publishes through the normal ingest route,
 * so the core dedupes them, and deletes entries only after Kafka acknowledged their events.
 * An entry that cannot be drained ({@link DrainAttempts}) is dead-lettered with its error and
 * moved aside ({@link #movedAside}), so it never stalls the entries behind it.
 */
public final class SpoolDrain {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolDrain.class);
    static final String BATCH = "tributarySpoolBatch";
    static final String POISON = "tributarySpoolPoison";

    private final Spool spool;
    private final SpoolSteps gauges;
    private final TributaryMetrics metrics;
    private final int batchSize;
    private final DrainAttempts attempts;
    private final Backoff schedule = new Backoff(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(30));
    private volatile Runnable onEmpty = () -> { };

    SpoolDrain(Spool spool, SpoolSteps gauges, TributaryMetrics metrics, int batchSize, int maxAttempts) {
        this.spool = spool;
        this.gauges = gauges;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.attempts = new DrainAttempts(maxAttempts);
    }

    /** Runs each time a drain pass finds the spool empty: everything spooled before is in Kafka (drain-spool exits then). */
    public void whenEmpty(Runnable action) {
        this.onEmpty = action;
    }

    public boolean due(Exchange exchange) {
        boolean due = schedule.due(Instant.now());
        exchange.setProperty(Props.MORE, due);
        return due;
    }

    /**
     * Body: the raw deliveries of the next batch (one provider, arrival order). A poison entry comes
     * alone, with {@link #POISON} set and its dead letter ready for {@code direct:deadletter}.
     */
    public void next(Exchange exchange) {
        List<Spool.Entry> batch = spool.oldest(attempts.batchSize(batchSize));
        exchange.setProperty(BATCH, batch);
        exchange.setProperty(Props.MORE, !batch.isEmpty());
        exchange.setProperty(POISON, false);
        if (batch.isEmpty()) {
            schedule.succeeded(Instant.now());
            healthy(exchange);
            onEmpty.run();
            return;
        }
        Spool.Entry first = batch.get(0);
        gauges.gauges(first.provider());
        exchange.setProperty(Props.PROVIDER, first.provider());
        exchange.setProperty(Props.CHANNEL, first.channel());
        exchange.getMessage().getHeaders().clear();
        String problem = first.problem() != null ? first.problem() : attempts.poisoned(first.file()) ? attempts.error(first.file()) : null;
        if (problem != null) {
            exchange.setProperty(BATCH, List.of(first));
            exchange.setProperty(POISON, true);
            exchange.getMessage().setBody(Batch.poison(new DeadLetter(first.raw(), "spool entry " + first.file().getFileName() + ": " + problem,
                    first.receivedAt())));
            return;
        }
        exchange.setProperty(Props.RECEIVED_AT, batch.stream().map(Spool.Entry::receivedAt).toList());
        exchange.getMessage().setBody(batch.stream().map(Spool.Entry::raw).toList());
    }

    /** The batch's events are in Kafka (or dead-lettered): its entries can go. */
    @SuppressWarnings("unchecked")
    public void done(Exchange exchange) {
        for (Spool.Entry e : (List<Spool.Entry>) exchange.getProperty(BATCH, List.class)) {
            spool.delete(e);
            attempts.succeeded(e);
        }
        schedule.succeeded(Instant.now());
        healthy(exchange);
    }

    private static void healthy(Exchange exchange) {
        LoopHealth health = LoopHealth.of(exchange);
        if (health != null) {
            health.succeeded(exchange.getFromRouteId());
        }
    }

    /** The poison entry is in the dead-letter topic: keep its file aside for an operator, out of the drain's way. */
    @SuppressWarnings("unchecked")
    public void movedAside(Exchange exchange) {
        for (Spool.Entry e : (List<Spool.Entry>) exchange.getProperty(BATCH, List.class)) {
            Path aside = spool.moveAside(e);
            attempts.succeeded(e);
            metrics.counter("tributary.spool.failed", e.provider()).increment();
            LOG.error("Spool entry of {} could not be drained; dead-lettered and moved to {}", e.provider(), aside);
        }
        schedule.succeeded(Instant.now());
    }

    @SuppressWarnings("unchecked")
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<Spool.Entry> batch = exchange.getProperty(BATCH, List.class);
        batch = batch == null ? List.of() : batch;
        if (exchange.getProperty(POISON, false, Boolean.class) && !DrainAttempts.isTransient(e)) {
            // Even its dead letter cannot be written (too large?): the file aside is the only copy left.
            LOG.error("Could not dead-letter a poison spool entry: {}", String.valueOf(e));
            movedAside(exchange);
            return;
        }
        LoopHealth health = LoopHealth.of(exchange);
        if (health != null) {
            health.failed(exchange.getFromRouteId(), e);
        }
        boolean counted = attempts.failed(batch, e);
        Duration delay = schedule.failed(Instant.now(), Optional.empty());
        LOG.warn("Spool drain failed ({} in a row{}); entries stay on disk, next attempt in {}: {}",
                schedule.failures(), counted ? ", counted against " + batch.get(0).file().getFileName() : "", delay,
                e == null ? "?" : e.getMessage());
    }
}
