package io.tributary.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.tributary.metrics.TributaryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every refused request ({@code tributary_webhook_rejected_total{provider,reason}}) without
 * a log line per request: anyone can send bad requests, so per-request lines would be a way to
 * flood the log. The first refusal of a kind in a period is logged with its detail; at the end of
 * the period one line sums up all kinds.
 */
public final class RejectionLog {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);

    private final TributaryMetrics metrics;
    private final Map<String, LongAdder> period = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    public RejectionLog(TributaryMetrics metrics, Duration interval) {
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-rejection-log");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::summarise, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The metrics the refusals are counted in; the HTTP server's answer times go there too. */
    public TributaryMetrics metrics() {
        return metrics;
    }

    /** Writes what the period counted so far and stops the timer. */
    public void close() {
        timer.shutdownNow();
        summarise();
    }

    public void rejected(String provider, String reason) {
        rejected(provider, reason, null);
    }

    /** Counts the refusal; logs it only when it is the first of its kind in this period. */
    public void rejected(String provider, String reason, String detail) {
        metrics.rejected(provider, reason);
        boolean[] first = {false};
        period.computeIfAbsent(provider + " " + reason, k -> {
            first[0] = true;
            return new LongAdder();
        }).increment();
        if (first[0]) {
            if (reason.equals("unavailable")) {
                LOG.error("Answered a {} webhook 503 ({}); more are summarised each period", provider, detail == null ? reason : detail);
            } else {
                LOG.warn("Refused a {} request: {}; more are summarised each period", provider, detail == null ? reason : detail);
            }
        }
    }

    /** One line for everything refused in the period, per provider and reason. */
    void summarise() {
        Map<String, Long> counts = new TreeMap<>();
        for (String key : period.keySet()) {
            LongAdder n = period.remove(key);
            if (n != null) {
                counts.put(key, n.sum());
            }
        }
        if (!counts.isEmpty()) {
            LOG.warn("Refused in the last period (provider reason=count): {}", counts.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
        }
    }
}
