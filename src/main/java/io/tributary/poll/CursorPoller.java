package io.tributary.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.tributary.core.CursorStore;
import io.tributary.core.Props;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a poll route, in the order the route calls them: {@link #due}, then per page
 * {@link #fetchPage} (the route publishes the page's items) and {@link #commit}, then
 * {@link #succeeded}. A provider supplies only {@link #fetch}: one page from a cursor.
 * The cursor moves only in {@link #commit}, which the route reaches only after every item of the
 * page was acknowledged by Kafka.
 */
public abstract class CursorPoller {

    /** One page: the raw items (each a JSON document), the cursor after them, and whether to ask again now. */
    public record Page(List<byte[]> items, String nextCursor, boolean more) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CursorPoller.class);

    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private int maxPagesPerPoll = 1000;
    private PollSchedule schedule;
    private volatile Instant lastSuccess = Instant.now();
    private volatile boolean metricsRegistered;
    private int pages;
    private Instant continueAt;

    public abstract String provider();

    /** Fetches the page after {@code cursor} (empty: the first page, or the configured backfill). */
    protected abstract Page fetch(Optional<String> cursor);

    /** The key of this poller's cursor in the {@link CursorStore}. */
    protected String cursorName() {
        return provider();
    }

    public synchronized boolean due(Exchange exchange) {
        registerMetrics(exchange);
        if (schedule == null) {
            schedule = new PollSchedule(pollInterval, initialBackoff, maxBackoff);
        }
        boolean due = schedule.due(Instant.now());
        if (due) {
            pages = 0;
            exchange.setProperty(Props.MORE, true);
        }
        return due;
    }

    public void fetchPage(Exchange exchange) {
        Optional<String> cursor = store(exchange).load(cursorName()).map(CursorStore.Cursor::value);
        Page page = fetch(cursor);
        pages++;
        exchange.getMessage().setBody(page.items());
        exchange.setProperty(Props.NEXT_CURSOR, page.nextCursor());
        exchange.setProperty(Props.MORE, page.more() && pages < maxPagesPerPoll);
    }

    /** Runs after the page's events were acknowledged by Kafka. */
    public void commit(Exchange exchange) {
        String next = exchange.getProperty(Props.NEXT_CURSOR, String.class);
        CursorStore store = store(exchange);
        Optional<String> current = store.load(cursorName()).map(CursorStore.Cursor::value);
        if (next != null && !current.equals(Optional.of(next))) {
            store.save(cursorName(), next);
            LOG.debug("{} cursor advanced from {} to {}", provider(), current.orElse("(start)"), next);
        }
    }

    public synchronized void succeeded(Exchange exchange) {
        lastSuccess = Instant.now();
        schedule.succeeded(lastSuccess);
        if (continueAt != null) {
            schedule.nextAt(continueAt);
            continueAt = null;
        }
    }

    /** A provider's fetch stopped early (no rate budget left): poll again at {@code at}, not after the interval. */
    protected synchronized void continueAt(Instant at) {
        this.continueAt = at;
    }

    /** Ask for a poll on the next tick, e.g. when a webhook shows that deliveries were missed. */
    public synchronized void pollNow() {
        if (schedule != null) {
            schedule.runNow(Instant.now());
        }
    }

    public synchronized void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Optional<Duration> retryAfter = e instanceof ApiException api ? api.retryAfter() : Optional.empty();
        Duration delay = schedule.failed(Instant.now(), retryAfter);
        metrics(exchange).pollError(provider());
        LOG.warn("{} poll failed ({} in a row), next attempt in {}: {}", provider(), schedule.failures(), delay,
                e == null ? "?" : e.getMessage());
    }

    private void registerMetrics(Exchange exchange) {
        if (!metricsRegistered) {
            metricsRegistered = true;
            CursorStore store = store(exchange);
            Instant started = Instant.now();
            metrics(exchange).cursorAge(provider(), () -> store.load(cursorName()).map(CursorStore.Cursor::savedAt).orElse(started));
            metrics(exchange).gauge("tributary.poll.last.success.age.seconds", provider(),
                    () -> Duration.between(lastSuccess, Instant.now()).toMillis() / 1000.0);
        }
    }

    private static CursorStore store(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class);
    }

    private static TributaryMetrics metrics(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
    }

    public void setPollInterval(String pollInterval) {
        this.pollInterval = Settings.parseDuration(pollInterval);
    }

    public void setInitialBackoff(String initialBackoff) {
        this.initialBackoff = Settings.parseDuration(initialBackoff);
    }

    public void setMaxBackoff(String maxBackoff) {
        this.maxBackoff = Settings.parseDuration(maxBackoff);
    }

    public void setMaxPagesPerPoll(int maxPagesPerPoll) {
        this.maxPagesPerPoll = maxPagesPerPoll;
    }
}
