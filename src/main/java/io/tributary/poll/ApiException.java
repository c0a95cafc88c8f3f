package io.tributary.poll;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider API call failed. {@link #transientFailure()} is true for 429, 5xx and timeouts, which
 * are retried after a backoff; {@link #retryAfter()} carries the provider's Retry-After.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    public ApiException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** 0 when no HTTP answer came back (timeout, connection refused). */
    public int status() {
        return status;
    }

    public boolean transientFailure() {
        return status == 0 || status == 429 || status >= 500;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
