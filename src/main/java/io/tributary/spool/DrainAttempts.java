package io.tributary.spool;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

/**
 * Which spool entries keep failing. A batch that fails is retried one entry at a time, so a bad
 * entry is found without blaming its neighbours; an entry that then fails {@code maxAttempts} times
 * for a reason other than Kafka being away is poison. Failures of an outage (timeouts, Kafka's
 * retriable errors) are not counted: an outage must never move good deliveries aside.
 */
final class DrainAttempts {

    private final int maxAttempts;
    private final Map<Path, Integer> failures = new ConcurrentHashMap<>();
    private final Map<Path, String> lastError = new ConcurrentHashMap<>();
    private volatile boolean isolating;

    DrainAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** How many entries the next batch may hold: one while a failed batch is being searched. */
    int batchSize(int normal) {
        return isolating ? 1 : normal;
    }

    boolean poisoned(Path entry) {
        return failures.getOrDefault(entry, 0) >= maxAttempts;
    }

    String error(Path entry) {
        return "failed " + failures.getOrDefault(entry, 0) + " times, last: " + lastError.getOrDefault(entry, "?");
    }

    /** @return whether the failure counted against the entry */
    boolean failed(java.util.List<Spool.Entry> batch, Throwable error) {
        if (batch.size() > 1) {
            isolating = true;
            return false;
        }
        if (batch.isEmpty() || isTransient(error)) {
            return false;
        }
        Path file = batch.get(0).file();
        failures.merge(file, 1, Integer::sum);
        lastError.put(file, error == null ? "?" : error.toString());
        return true;
    }

    void succeeded(Spool.Entry entry) {
        failures.remove(entry.file());
        lastError.remove(entry.file());
        isolating = false;
    }

    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RetriableException || t instanceof TimeoutException || t instanceof InterruptedException
                    || t.getClass().getSimpleName().equals("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
