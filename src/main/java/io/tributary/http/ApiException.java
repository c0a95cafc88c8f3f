package io.tributary.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider API call failed. {@link #transientFailure()} is true for 429, 5xx and timeouts, which
 * are retried after a backoff; {@link #retryAfter()} carries the provider's Retry-After.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;
    private final byte[] body;

    public ApiException(String message, int status, Duration retryAfter, Throwable cause) {
        this(message, status, retryAfter, cause, null);
    }

    public ApiException(String message, int status, Duration retryAfter, Throwable cause, byte[] body) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
        this.body = body;
    }

    /** The error answer's body, for providers that explain limits there; null without an answer. */
    public byte[] body() {
        return body;
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
