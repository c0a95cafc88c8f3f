package io.tributary.poll;

import java.util.List;
import java.util.concurrent.TimeoutException;

import io.tributary.http.ApiException;

/**
 * A poll that must not go on, with the reason an operator reads in {@code loops} health and in
 * {@code tributary_poll_errors_total{reason}}: the page is not what the poller was told to expect
 * ({@code page-shape}), the API sends the poll round in circles ({@code page-token-loop}), or pages
 * keep coming without a new item ({@code no-progress}). {@link #reason(Throwable)} names any other
 * failure of a poll by the same vocabulary.
 */
public final class PollFailure extends RuntimeException {

    public static final String PAGE_SHAPE = "page-shape";
    public static final String PAGE_TOKEN_LOOP = "page-token-loop";
    public static final String NO_PROGRESS = "no-progress";
    public static final String ACK_TIMEOUT = "ack-timeout";

    /** Every reason a poll error is counted under; each provider's series start at zero. */
    public static final List<String> REASONS = List.of(PAGE_SHAPE, PAGE_TOKEN_LOOP, NO_PROGRESS, ACK_TIMEOUT,
            "credentials", "rate-limited", "timeout", "too-large", "unreadable", "server", "client", "connection", "kafka", "error");

    private final String reason;

    public PollFailure(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }

    /**
     * The reason of a poll's failure. An {@link ApiException} names its own ({@link ApiException#reason()});
     * Kafka's own errors are {@code kafka}.
     */
    public static String reason(Throwable e) {
        if (e instanceof PollFailure p) {
            return p.reason();
        }
        if (e instanceof ApiException api) {
            return api.reason(); // the HTTP layer names its own faults, in this same vocabulary
        }
        if (e instanceof TimeoutException) {
            return ACK_TIMEOUT; // Inbox.await: Kafka did not acknowledge in time
        }
        if (e != null && e.getClass().getName().startsWith("org.apache.kafka.")) {
            return "kafka";
        }
        return "error";
    }

}
