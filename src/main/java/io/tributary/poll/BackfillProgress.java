package io.tributary.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import io.tributary.metrics.TributaryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill's progress: pages and events it handed to the core, events/s, and the core's own
 * verdict (new vs duplicate) read from its counters for channel {@code poll}. Those counters also
 * count the live poller's events and only what this instance's core processes, so the line says
 * so. No ETA: the providers that can be backfilled (Thirdfort) give no total.
 */
final class BackfillProgress {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgress.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final String SPIN = "|/-\\";

    private final String provider;
    private final TributaryMetrics metrics;
    private volatile boolean console;
    private String since;
    private Instant startedAt = Instant.now();
    private Instant loggedAt = Instant.EPOCH;
    private long pages;
    private long events;
    private double published0;
    private double duplicates0;

    BackfillProgress(String provider, TributaryMetrics metrics, BooleanSupplier running, boolean console) {
        this.provider = provider;
        this.metrics = metrics;
        this.console = console;
        metrics.gauge("tributary.backfill.running", provider, () -> running.getAsBoolean() ? 1 : 0);
    }

    void console(boolean console) {
        this.console = console;
    }

    synchronized void start(String since) {
        this.since = since;
        startedAt = Instant.now();
        pages = 0;
        events = 0;
        published0 = core("tributary.events.published");
        duplicates0 = core("tributary.events.duplicates");
        LOG.info("{}: backfill since {} started (no ETA: the API gives no total)", provider, since);
    }

    synchronized void page(int count) {
        pages++;
        events += count;
        metrics.counter("tributary.backfill.pages", provider).increment();
        metrics.counter("tributary.backfill.events", provider).increment(count);
        if (console) {
            System.out.print("\r" + SPIN.charAt((int) (pages % SPIN.length())) + " " + line());
            System.out.flush();
        } else if (Duration.between(loggedAt, Instant.now()).compareTo(LOG_EVERY) >= 0) {
            loggedAt = Instant.now();
            LOG.info(line());
        }
    }

    synchronized void finish() {
        String done = line() + " - done";
        if (console) {
            System.out.println("\r" + done);
        }
        LOG.info(done);
    }

    synchronized String line() {
        double seconds = Math.max(0.001, Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
        return String.format("%s backfill since %s: %d pages, %d events handed to the core, %.0f events/s; "
                        + "core so far (channel poll, live poller included): %.0f new, %.0f already published; ETA: none (no total from the API)",
                provider, since, pages, events, events / seconds,
                core("tributary.events.published") - published0, core("tributary.events.duplicates") - duplicates0);
    }

    private double core(String name) {
        return metrics.value(name, "provider", provider, "channel", "poll");
    }
}
