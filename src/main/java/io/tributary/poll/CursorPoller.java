package io.tributary.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.tributary.loop.Backoff;
import io.tributary.poll.cursor.CursorStore;
import io.tributary.loop.LoopHealth;
import io.tributary.config.Props;
import io.tributary.config.Settings;
import io.tributary.metrics.TributaryMetrics;
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
 *
 * <p>Progress or stop: a poll that reads {@code noProgressPages} pages in a row without an item it
 * had not seen in this poll ends as a {@link PollFailure} ({@code no-progress}) and backs off, so an
 * API that ignores its cursor parameter cannot spin the poller unseen. No wait is unbounded: every
 * wait on an ack or a save gives up after {@code ackTimeout}, and {@link #stalled} tells the
 * liveness check when a poll has made no step for longer than {@link #stallTimeout()}.
 */
public abstract class CursorPoller {

    /**
     * One page: the raw items (each a JSON document; a {@link io.tributary.event.ParsedItems} when the
     * poller parsed them already), the cursor after them, and whether to ask again now.
     */
    public record Page(List<byte[]> items, String nextCursor, boolean more) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CursorPoller.class);

    private Duration pollInterval = Duration.ofSeconds(30);
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofMinutes(5);
    private int maxPagesPerPoll = 1000;
    private int noProgressPages = 10;
    private Backoff schedule;
    private Clock clock = Clock.systemUTC();
    /** Null until this poller first succeeded; {@link #firstDue} until then is what its age gauge counts from. */
    private volatile Instant lastSuccess;
    private volatile Instant firstDue;
    private volatile boolean metricsRegistered;
    private int pages;
    private Instant continueAt;
    private int maxPagesInFlight = 4;
    private Duration ackTimeout = Duration.ofSeconds(60);
    private Duration callTimeout = Duration.ofSeconds(30);
    private Duration stallTimeout;
    private final StallWatch watch = new StallWatch();
    private final PageProgress progress = new PageProgress();
    /** The reason of the last failure, so a fault is logged once when it starts and once when it changes. */
    private String lastReason;
    /** Where the next fetch starts: the last fetched page's cursor, ahead of the stored one. */
    private Optional<String> readCursor = Optional.empty();
    /** The stored cursor when this poll began: where a poll whose pages cannot be trusted puts it back. */
    private Optional<String> startCursor = Optional.empty();
    private final CursorSaves saves = new CursorSaves();
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
        copy.callTimeout = callTimeout;
        copy.stallTimeout = stallTimeout;
        copy.noProgressPages = noProgressPages;
        copy.clock = clock;
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
        saves.attach(exchange.getContext(), provider());
        registerMetrics(exchange);
        Instant now = clock.instant();
        watch.tick(now);
        boolean due = schedule().due(now);
        if (due) {
            if (firstDue == null) {
                firstDue = now;
            }
            pages = 0;
            progress.reset();
            saves.settle(provider(), ackTimeout);
            readCursor = store(exchange).load(cursorName()).map(CursorStore.Cursor::value);
            startCursor = readCursor;
            exchange.setProperty(Props.MORE, true);
            watch.step(now);
        }
        return due;
    }

    public void fetchPage(Exchange exchange) {
        Page page;
        try {
            page = fetch(readCursor);
            pages++;
            progress.page(page.items(), pages, noProgressPages);
        } catch (PollFailure e) {
            distrust(e, store(exchange));
            throw e;
        }
        drained = !page.more();
        exchange.getMessage().setBody(page.items());
        exchange.setProperty(Props.NEXT_CURSOR, page.nextCursor());
        exchange.setProperty(Props.MORE, page.more() && pages < maxPagesPerPoll);
        exchange.setProperty(Props.PIPELINED, true);
        watch.step(clock.instant());
    }

    /**
     * A poll that went round in circles, or read pages without a new item, was answered pages that
     * do not follow its cursor (an API that ignores {@code ending_before} answers its newest page):
     * the cursors of its pages are not trusted, and the stored one goes back to where the poll
     * started, once the saves in flight are done. Going back only reads events again.
     */
    private void distrust(PollFailure e, CursorStore store) {
        if (!e.reason().equals(PollFailure.PAGE_TOKEN_LOOP) && !e.reason().equals(PollFailure.NO_PROGRESS) || startCursor.isEmpty()) {
            return;
        }
        saves.restore(store, cursorName(), startCursor.get());
    }

    /** Runs once the page's events were handed to the inbox: chains its cursor save behind its ack. */
    public void commit(Exchange exchange) throws Exception {
        String next = exchange.getProperty(Props.NEXT_CURSOR, String.class);
        CompletableFuture<?> ack = exchange.getProperty(Props.ACK, CompletableFuture.class);
        exchange.removeProperty(Props.ACK);
        if (next != null) {
            readCursor = Optional.of(next);
        }
        saves.after(ack, store(exchange), cursorName(), next, maxPagesInFlight, ackTimeout);
        watch.step(clock.instant());
    }

    /** The poll ends once every page is acknowledged and its cursor saved. */
    public synchronized void succeeded(Exchange exchange) throws Exception {
        saves.await(ackTimeout);
        lastSuccess = clock.instant();
        watch.ended();
        if (lastReason != null) {
            LOG.info("{} polls again after {} failure(s) ({})", provider(), schedule().failures(), lastReason);
            lastReason = null;
        }
        LoopHealth health = LoopHealth.of(exchange);
        if (health != null) {
            health.succeeded(exchange.getFromRouteId());
        }
        schedule().succeeded(lastSuccess);
        if (continueAt != null) {
            schedule().nextAt(continueAt);
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
            schedule.runNow(clock.instant());
        }
    }

    public synchronized void failed(Exchange exchange) {
        watch.ended();
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = PollFailure.reason(e);
        Optional<Duration> retryAfter = e instanceof ApiException api ? api.retryAfter() : Optional.empty();
        Duration delay = schedule().failed(clock.instant(), retryAfter);
        metrics(exchange).pollError(provider(), reason);
        // One line when a fault starts or changes; meanwhile loops health and the reason's counter tell.
        boolean news = !reason.equals(lastReason);
        lastReason = reason;
        String line = "{} poll failed ({}, {} in a row), next attempt in {}: {}";
        Object[] args = {provider(), reason, schedule().failures(), delay, e == null ? "?" : e.getMessage()};
        if (news) {
            LOG.warn(line, args);
        } else {
            LOG.debug(line, args);
        }
    }

    /** Built at the first tick, or at the one after a setting changed (or at a failure before any due: a backfill's bad request). */
    private Backoff schedule() {
        if (schedule == null) {
            schedule = new Backoff(pollInterval, initialBackoff, maxBackoff);
        }
        return schedule;
    }

    /**
     * Why this poller is stuck, when a poll has completed no step (a page fetched, committed, or
     * the poll ended) for longer than {@link #stallTimeout()}; empty otherwise. Each step is bounded
     * (a call by the request timeout, an ack by the ack timeout), so a poll past it is hung.
     */
    public Optional<String> stalled(Instant now) {
        return watch.stalled(provider(), now, stallTimeout());
    }

    /** When the poll route last asked whether a poll is due (null: never on this replica). */
    public Instant lastTick() {
        return watch.lastTick();
    }

    /**
     * The longest a poll may go without completing a step: two calls (a token renewal and the
     * page) within the call timeout each, then an ack within the ack timeout, unless set.
     */
    public Duration stallTimeout() {
        return stallTimeout != null ? stallTimeout : callTimeout.multipliedBy(2).plus(ackTimeout);
    }

    private void registerMetrics(Exchange exchange) {
        if (!metricsRegistered && !isBackfill()) { // a backfill has its own metrics (BackfillProgress)
            metricsRegistered = true;
            CursorStore store = store(exchange);
            Instant started = Instant.now();
            metrics(exchange).cursorAge(provider(), () -> store.load(cursorName()).map(CursorStore.Cursor::savedAt).orElse(started));
            // Since the last success, or since this replica first polled; NaN before (a replica that does not lead).
            metrics(exchange).gauge("tributary.poll.last.success.age.seconds", provider(), () -> {
                Instant since = lastSuccess != null ? lastSuccess : firstDue;
                return since == null ? Double.NaN : Duration.between(since, clock.instant()).toMillis() / 1000.0;
            });
        }
    }

    private static CursorStore store(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class);
    }

    private static TributaryMetrics metrics(Exchange exchange) {
        return exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
    }

    // A schedule setting takes effect at the next tick: the schedule is built again from the settings.

    public synchronized void setPollInterval(String pollInterval) {
        this.pollInterval = Settings.parseDuration(pollInterval);
        schedule = null;
    }

    public synchronized void setInitialBackoff(String initialBackoff) {
        this.initialBackoff = Settings.parseDuration(initialBackoff);
        schedule = null;
    }

    public synchronized void setMaxBackoff(String maxBackoff) {
        this.maxBackoff = Settings.parseDuration(maxBackoff);
        schedule = null;
    }

    /** How long any wait on an inbox ack or a cursor save may take (60s); then the poll fails and backs off. */
    public void setAckTimeout(String ackTimeout) {
        this.ackTimeout = Settings.parseDuration(ackTimeout);
    }

    /** The longest one provider call may take (30s; the request's timeout), from which {@link #stallTimeout()} derives. */
    public void setCallTimeout(String callTimeout) {
        this.callTimeout = Settings.parseDuration(callTimeout);
    }

    /** Overrides the derived {@link #stallTimeout()}. */
    public void setStallTimeout(String stallTimeout) {
        this.stallTimeout = Settings.parseDuration(stallTimeout);
    }

    /** Pages in a row without an item new to the poll before it fails as {@code no-progress} (10). */
    public void setNoProgressPages(int noProgressPages) {
        this.noProgressPages = Math.max(1, noProgressPages);
    }

    /** For tests: the clock of the schedule, the ages and the stall deadline. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public void setMaxPagesInFlight(int maxPagesInFlight) {
        this.maxPagesInFlight = Math.max(1, maxPagesInFlight);
    }

    public void setMaxPagesPerPoll(int maxPagesPerPoll) {
        this.maxPagesPerPoll = maxPagesPerPoll;
    }
}
