package io.tributary.poll;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.poll.cursor.CursorStore;
import io.tributary.event.Inbox;
import org.apache.camel.CamelContext;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poller's chain of cursor saves, in page order: each page's save waits for its own ack and
 * every earlier save, so the stored cursor never passes an unacknowledged event. Every wait on the
 * chain is bounded by the ack timeout.
 */
final class CursorSaves {

    private static final Logger LOG = LoggerFactory.getLogger(CursorSaves.class);

    /**
     * Runs the saves, off the thread that completes an inbox ack (the inbox producer's I/O thread,
     * which a save's send could block). Not the common pool: on 2 cores its parallelism is 1, and
     * CompletableFuture then starts a new thread for every task, a thread per page. One per poller,
     * shut down once the Camel context that runs the poller has stopped its routes.
     */
    private ExecutorService executor;
    private CompletableFuture<Void> saved = CompletableFuture.completedFuture(null);
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();

    void attach(CamelContext context, String provider) {
        if (executor != null) {
            return;
        }
        ExecutorService e = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tributary-cursor-saves-" + provider);
            t.setDaemon(true);
            return t;
        });
        executor = e;
        // After the routes stopped (a service of the context would stop before a running poll ends).
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                e.shutdown();
            }
        });
    }

    /**
     * Before a poll: waits, at most {@code timeout}, for a failed poll's saves to settle, so the
     * stored cursor is final. A save still waiting for an ack that never comes is left behind: it
     * can only store a cursor whose events Kafka acknowledged, so at worst a page is read again.
     */
    void settle(String provider, Duration timeout) {
        try {
            saved.handle((v, e) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}: the previous poll's cursor saves did not settle within {}; polling from the stored cursor", provider, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // handle() never completes exceptionally
        }
        saved = CompletableFuture.completedFuture(null);
        inFlight.clear();
    }

    /** Chains the save of {@code next} (null: nothing to save) behind {@code ack}; waits while too many pages are in flight. */
    void after(CompletableFuture<?> ack, CursorStore store, String name, String next, int maxInFlight, Duration timeout) throws Exception {
        saved = saved.thenCombine(ack == null ? CompletableFuture.completedFuture(null) : ack, (a, b) -> (Void) null)
                .thenComposeAsync(v -> save(store, name, next), executor);
        inFlight.add(saved);
        while (inFlight.size() > maxInFlight) {
            Inbox.await(inFlight.poll(), timeout); // back-pressure, and an early stop when a page failed
        }
    }

    /** Once the saves in flight are done, whatever their outcome, stores {@code value}: a poll whose pages are not trusted goes back. */
    void restore(CursorStore store, String name, String value) {
        saved = saved.handle((v, x) -> null).thenComposeAsync(v -> {
            LOG.debug("{}: the cursor goes back to {}, where the poll started", name, value);
            return store.saveAsync(name, value);
        }, executor);
    }

    /** Waits, at most {@code timeout}, for every page's ack and save. */
    void await(Duration timeout) throws Exception {
        Inbox.await(saved, timeout);
        inFlight.clear();
    }

    private static CompletableFuture<Void> save(CursorStore store, String name, String next) {
        String current = store.load(name).map(CursorStore.Cursor::value).orElse(null);
        if (next == null || next.equals(current)) {
            return CompletableFuture.completedFuture(null);
        }
        LOG.debug("{} cursor advances from {} to {}", name, current == null ? "(start)" : current, next);
        return store.saveAsync(name, next);
    }
}
