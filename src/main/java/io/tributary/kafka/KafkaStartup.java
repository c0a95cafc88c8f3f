package io.tributary.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Tributary needs from Kafka at start (its topics, the cursors) is done on a thread of its
 * own, retried with backoff until Kafka answers. Start-up waits for it only a short while: an
 * instance that starts during a Kafka outage still opens its webhook port, so providers that
 * never retry are accepted into the spool, and the rest follows once Kafka is back.
 * A {@link FatalStartupException} (Kafka answers, but e.g. a required topic does not exist) is
 * not retried: start-up stops there and the listeners given to {@link #onFatal} are told.
 */
public final class KafkaStartup implements AutoCloseable {

    /** One step; it may throw, and is then retried from the start of that step. */
    public interface Step {
        void run() throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaStartup.class);

    private final Map<String, Step> steps = new LinkedHashMap<>();
    private volatile boolean done;
    private volatile String pending = "not started";
    private volatile String lastError;
    private volatile boolean closed;
    private volatile FatalStartupException fatal;
    private final List<Consumer<FatalStartupException>> fatalListeners = new CopyOnWriteArrayList<>();
    private Thread thread;

    public KafkaStartup then(String name, Step step) {
        steps.put(name, step);
        return this;
    }

    /** Called (on the start-up thread) when a step fails for good. */
    public KafkaStartup onFatal(Consumer<FatalStartupException> listener) {
        fatalListeners.add(listener);
        return this;
    }

    public KafkaStartup begin() {
        thread = new Thread(this::runAll, "tributary-kafka-startup");
        thread.setDaemon(true);
        // An Error (e.g. a native library that does not load) is not retried; it must not end the thread unseen.
        thread.setUncaughtExceptionHandler((t, e) -> {
            lastError = pending + ": " + e;
            LOG.error("Kafka start-up stopped in step '{}' and will not go on: {}", pending, e.toString(), e);
        });
        thread.start();
        return this;
    }

    private void runAll() {
        for (Map.Entry<String, Step> s : steps.entrySet()) {
            pending = s.getKey();
            long backoffMs = 1000;
            int failures = 0;
            while (!closed) {
                try {
                    s.getValue().run();
                    break;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    FatalStartupException f = fatalCause(e);
                    if (f != null) {
                        fatal = f;
                        lastError = s.getKey() + ": " + f.getMessage();
                        LOG.error("Kafka start-up step '{}' cannot succeed, start-up stops here: {}", s.getKey(), f.getMessage());
                        fatalListeners.forEach(l -> l.accept(f));
                        return;
                    }
                    lastError = s.getKey() + ": " + e.getMessage();
                    if (++failures == 1 || failures % 10 == 0) { // one line per outage phase, not one per attempt
                        LOG.warn("Kafka start-up step '{}' failed ({} so far), retrying every {} s at most: {}",
                                s.getKey(), failures, 30, e.getMessage());
                    }
                    try {
                        TimeUnit.MILLISECONDS.sleep(backoffMs); // retry pacing of a background loop
                    } catch (InterruptedException ie) {
                        return;
                    }
                    backoffMs = Math.min(backoffMs * 2, 30_000);
                }
            }
        }
        pending = null;
        lastError = null;
        done = true;
    }

    private static FatalStartupException fatalCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FatalStartupException f) {
                return f;
            }
        }
        return null;
    }

    /** The error that stopped start-up for good, or null. */
    public FatalStartupException fatal() {
        return fatal;
    }

    public boolean isDone() {
        return done;
    }

    /** The step still waiting for Kafka and its last error, for health details; null once done. */
    public String status() {
        if (fatal != null) {
            return pending + " failed for good: " + fatal.getMessage();
        }
        return isDone() ? null : pending + (lastError == null ? "" : " (" + lastError + ")");
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
