package io.tributary.poll;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

import io.tributary.core.Backoff;
import io.tributary.core.CursorStore;
import io.tributary.core.Inbox;
import io.tributary.core.LoopHealth;
import io.tributary.core.Props;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
import io.tributary.http.ApiException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of a poll route, in the order the route calls them: {@link #due}, then per page
 * {@link #fetchPage} (the route writes the page's events to the inbox) and {@link #commit}, then
 * {@link #succeeded}. A subclass supplies only {@link #fetch}: one page from a cursor; providers
 * configure the one subclass they need, {@link DeclarativePoller}, in their route file.
 *
 * <p>Pages are pipelined: the inbox write of a page does not wait for its ack, so the next page
 * is fetched while the previous one is in flight (at most {@code maxPagesInFlight}). The stored
 * cursor still never passes an unacknowledged event: each page's cursor is saved only after its
 * own ack and every earlier page's save, in page order. A failed page stops the chain, so the
 * next poll starts again after the last page that is safe in Kafka (the core drops repeats).
 */
public abstract class CursorPoller {

    /** One page: the raw items (each a JSON document), the cursor after them, and whether to ask again now. */
    public record Page(List<byte[]> items, String nextCursor, boolean more) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CursorPoller.class);
    /**
     * Runs the cursor saves, off the thread that completes an inbox ack (the inbox producer's I/O
     * thread, which a save's send could block). Not the common pool: on 2 cores its parallelism is
     * 1, and CompletableFuture then starts a new thread for every task, a thread per page.
     */
    private static final Executor CURSOR_SAVES = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tributary-cursor-saves");
        t.setDaemon(true);
        return t;
    });

    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private int maxPagesPerPoll = 1000;
    private Backoff schedule;
    private volatile Instant lastSuccess = Instant.now();
    private volatile boolean metricsRegistered;
    private int pages;
    private Instant continueAt;
    private int maxPagesInFlight = 4;
    private Duration ackTimeout = Duration.ofSeconds(60);
    /** Where the next fetch starts: the last fetched page's cursor, ahead of the stored one. */
    private Optional<String> readCursor = Optional.empty();
    /** The chain of cursor saves of this poll, in page order; each link waits for its page's ack. */
    private CompletableFuture<Void> saved = CompletableFuture.completedFuture(null);
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    /** A backfill poller (its own route, failures and metrics) and its own cursor, so the live one never moves back. */
    private boolean backfill;
    private String backfillCursor;
    /** Whether the last fetched page said there is nothing more: a backfill that reached the present is done. */
    private volatile boolean drained;

    public abstract String provider();

    /** Fetches the page after {@code cursor} (empty: the first page, or the configured backfill). */
    protected abstract Page fetch(Optional<String> cursor);

    /** The key of this poller's cursor in the {@link CursorStore}. */
    protected String cursorName() {
        return backfillCursor != null ? backfillCursor : provider();
    }

    /** Turns this poller into a backfill from {@code since} (providers whose API filters by time override it). */
    public void backfillFrom(String since) {
        throw new UnsupportedOperationException(provider() + " cannot re-read its events from a time");
    }

    /** The backfill's own cursor name, e.g. {@code thirdfort:backfill:2024-06-01T00:00:00Z}. */
    protected void useBackfillCursor(String name) {
        this.backfill = true;
        this.backfillCursor = name;
    }

    /**
     * A second poller for a {@link Backfill}: the same API, credentials and settings, with its own
     * schedule and (once {@link #backfillFrom} is called) its own cursor, so the live one never moves back.
     */
    public final CursorPoller backfillPoller() {
        CursorPoller copy = copyForBackfill();
        copy.backfill = true; // a live poll's failure never backs it off, nor the other way round
        copy.pollInterval = pollInterval;
        copy.initialBackoff = initialBackoff;
        copy.maxBackoff = maxBackoff;
        copy.maxPagesPerPoll = maxPagesPerPoll;
        copy.maxPagesInFlight = maxPagesInFlight;
        copy.ackTimeout = ackTimeout;
        return copy;
    }

    /** A new poller of the same provider and API; providers whose API cannot filter by time cannot backfill. */
    protected CursorPoller copyForBackfill() {
        throw new UnsupportedOperationException(provider() + " cannot re-read its events from a time");
    }

    public boolean isBackfill() {
        return backfill;
    }

    public boolean drained() {
        return drained;
    }

    public synchronized boolean due(Exchange exchange) {
        registerMetrics(exchange);
        if (schedule == null) {
            schedule = new Backoff(pollInterval, initialBackoff, maxBackoff);
        }
        boolean due = schedule.due(Instant.now());
        if (due) {
            pages = 0;
            saved.handle((v, e) -> null).join(); // a failed poll's saves have settled: the stored cursor is final
            saved = CompletableFuture.completedFuture(null);
            inFlight.clear();
            readCursor = store(exchange).load(cursorName()).map(CursorStore.Cursor::value);
            exchange.setProperty(Props.MORE, true);
        }
        return due;
    }

    public void fetchPage(Exchange exchange) {
        Page page = fetch(readCursor);
        pages++;
        drained = !page.more();
        exchange.getMessage().setBody(page.items());
        exchange.setProperty(Props.NEXT_CURSOR, page.nextCursor());
        exchange.setProperty(Props.MORE, page.more() && pages < maxPagesPerPoll);
        exchange.setProperty(Props.PIPELINED, true);
    }

    /** Runs once the page's events were handed to the inbox: chains its cursor save behind its ack. */
    public void commit(Exchange exchange) throws Exception {
        String next = exchange.getProperty(Props.NEXT_CURSOR, String.class);
        CompletableFuture<?> ack = exchange.getProperty(Props.ACK, CompletableFuture.class);
        exchange.removeProperty(Props.ACK);
        CursorStore store = store(exchange);
        if (next != null) {
            readCursor = Optional.of(next);
        }
        saved = saved.thenCombine(ack == null ? CompletableFuture.completedFuture(null) : ack, (a, b) -> (Void) null)
                .thenComposeAsync(v -> save(store, next), CURSOR_SAVES);
        inFlight.add(saved);
        while (inFlight.size() > maxPagesInFlight) {
            Inbox.await(inFlight.poll(), ackTimeout); // back-pressure, and an early stop when a page failed
        }
    }

    private CompletableFuture<Void> save(CursorStore store, String next) {
        Optional<String> current = store.load(cursorName()).map(CursorStore.Cursor::value);
        if (next == null || current.equals(Optional.of(next))) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.debug("{} cursor advances from {} to {}", provider(), current.orElse("(start)"), next);
        return store.saveAsync(cursorName(), next);
    }

    /** The poll ends once every page is acknowledged and its cursor saved. */
    public synchronized void succeeded(Exchange exchange) throws Exception {
        Inbox.await(saved, ackTimeout);
        inFlight.clear();
        lastSuccess = Instant.now();
        LoopHealth health = LoopHealth.of(exchange);
        if (health != null) {
            health.succeeded(exchange.getFromRouteId());
        }
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
        if (schedule == null) { // failed before its first due (e.g. a backfill's bad request)
            schedule = new Backoff(pollInterval, initialBackoff, maxBackoff);
        }
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Optional<Duration> retryAfter = e instanceof ApiException api ? api.retryAfter() : Optional.empty();
        Duration delay = schedule.failed(Instant.now(), retryAfter);
        metrics(exchange).pollError(provider());
        LOG.warn("{} poll failed ({} in a row), next attempt in {}: {}", provider(), schedule.failures(), delay,
                e == null ? "?" : e.getMessage());
    }

    private void registerMetrics(Exchange exchange) {
        if (!metricsRegistered && !isBackfill()) { // a backfill has its own metrics (BackfillProgress)
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

    public void setMaxPagesInFlight(int maxPagesInFlight) {
        this.maxPagesInFlight = Math.max(1, maxPagesInFlight);
    }

    public void setMaxPagesPerPoll(int maxPagesPerPoll) {
        this.maxPagesPerPoll = maxPagesPerPoll;
    }
}
