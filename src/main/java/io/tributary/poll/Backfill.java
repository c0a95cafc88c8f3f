package io.tributary.poll;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tributary.poll.cursor.CursorStore;
import io.tributary.metrics.TributaryMetrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An on-demand re-read of a provider's events from a time, by a second poller with its own cursor,
 * so the live cursor never moves back; the core drops what was already published. The request is
 * kept in the cursor store ({@code <provider>:backfill} = {@code "<since> running"} or
 * {@code "<since> done"}) and the poller's cursor after every acknowledged page, so a restart resumes.
 * The backfill route calls {@link #due}, {@link #fetchPage}, {@link #commit}, {@link #succeeded};
 * its poller is a {@link CursorPoller#backfillPoller() copy} of the live one.
 */
public final class Backfill implements BackfillMBean {

    private static final Logger LOG = LoggerFactory.getLogger(Backfill.class);

    private String provider;
    private CursorPoller live;
    private volatile CursorPoller poller;
    private String requested;
    private CursorStore store;
    private BackfillProgress progress;
    private volatile String active;
    private volatile String finished;
    private volatile boolean console;
    private final List<Runnable> whenDone = new CopyOnWriteArrayList<>();

    public synchronized boolean due(Exchange exchange) {
        if (store == null && !attach(exchange)) {
            return false;
        }
        return active != null && poller.due(exchange);
    }

    public void fetchPage(Exchange exchange) {
        poller.fetchPage(exchange);
        progress.page(exchange.getMessage().getBody(List.class).size());
    }

    public void commit(Exchange exchange) throws Exception {
        poller.commit(exchange);
    }

    /** After every acknowledged poll; a poll that ended on the provider's last page completes the backfill. */
    public synchronized void succeeded(Exchange exchange) throws Exception {
        poller.succeeded(exchange);
        if (poller.drained() && active != null) {
            store.save(stateKey(), active + " done");
            finished = active;
            active = null;
            progress.finish();
            whenDone.forEach(Runnable::run);
        }
    }

    @Override
    public synchronized String start(String since) {
        if (store == null) {
            throw new IllegalStateException("Not ready: the poll cursors are not loaded from Kafka yet");
        }
        String t = normalize(since);
        if (active != null && !active.equals(t)) {
            throw new IllegalStateException(provider + ": a backfill since " + active + " is running; wait until it is done");
        }
        if (Optional.of(t + " done").equals(store.load(stateKey()).map(CursorStore.Cursor::value))) {
            finished = t;
            whenDone.forEach(Runnable::run);
            return provider + ": the backfill since " + t + " is already done (give another time to read again)";
        }
        if (active == null) {
            store.save(stateKey(), t + " running"); // durable before the first page: a restart resumes it
            poller.backfillFrom(t);
            active = t;
            progress.start(t);
        }
        return provider + ": backfill since " + t + " running";
    }

    private boolean attach(Exchange exchange) {
        var registry = exchange.getContext().getRegistry();
        CursorStore s = registry.lookupByNameAndType("cursorStore", CursorStore.class);
        Optional<String> state;
        try {
            state = s.load(stateKey()).map(CursorStore.Cursor::value);
        } catch (IllegalStateException kafkaNotReady) {
            return false; // the next tick tries again
        }
        poller = live.backfillPoller();
        store = s;
        progress = new BackfillProgress(provider, registry.lookupByNameAndType("tributaryMetrics", TributaryMetrics.class),
                () -> active != null, console);
        BackfillJmx.register(this, provider, exchange.getContext());
        if (requested != null) {
            start(requested);
        } else if (state.isPresent() && state.get().endsWith(" running")) {
            LOG.info("{}: resuming the backfill since {}", provider, state.get().split(" ")[0]);
            start(state.get().split(" ")[0]);
        }
        return true;
    }

    private static String normalize(String since) {
        Instant t = OffsetDateTime.parse(since.trim()).toInstant();
        if (t.isAfter(Instant.now())) {
            throw new IllegalArgumentException("--since " + since + " is in the future");
        }
        return t.toString();
    }

    private String stateKey() {
        return provider + ":backfill";
    }

    /** Runs when the backfill completes (the command line exits then). */
    public void whenDone(Runnable action) {
        whenDone.add(action);
        if (finished != null) {
            action.run();
        }
    }

    public String finished() {
        return finished;
    }

    /** A {@code \r}-updated line on a terminal (the command line); log lines otherwise. */
    public void setConsole(boolean console) {
        this.console = console;
        BackfillProgress p = progress;
        if (p != null) {
            p.console(console);
        }
    }

    @Override
    public String getState() {
        return active != null ? "running since " + active : finished != null ? "done since " + finished : "idle";
    }

    @Override
    public String getProgress() {
        return progress == null ? "not started" : progress.line();
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** The provider's live poller; the backfill polls with a copy of it (its own schedule and cursor). */
    public void setPoller(CursorPoller live) {
        this.live = live;
    }

    /** The backfill's own poller, once the route has attached it (null before). */
    public CursorPoller poller() {
        return store == null ? null : poller;
    }

    public void setSince(String since) {
        this.requested = since == null || since.isBlank() ? null : since.trim();
    }
}
