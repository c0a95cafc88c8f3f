package io.tributary.http;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * A provider API call failed. {@link #transientFailure()} is true for 429, 5xx and timeouts, which
 * are retried after a backoff; {@link #retryAfter()} carries the provider's Retry-After;
 * {@link #reason()} names the kind of fault for metrics and health.
 */
public class ApiException extends RuntimeException {

    /** The kinds of fault, as metrics and health name them. */
    public enum Reason {
        /** 401/403 that a renewal did not cure, or from a token endpoint: a human must fix the credentials. */
        CREDENTIALS("credentials"),
        RATE_LIMITED("rate-limited"),
        /** The whole exchange, body included, did not complete within the deadline. */
        TIMEOUT("timeout"),
        /** The answer was larger than the call's limit. */
        TOO_LARGE("too-large"),
        /** A 2xx answer that is not the JSON expected. */
        UNREADABLE("unreadable"),
        SERVER("server"),
        CLIENT("client"),
        /** Refused, reset, or closed before an answer. */
        CONNECTION("connection");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final int status;
    private final Duration retryAfter;
    private final byte[] body;
    private final Reason reason;

    public ApiException(String message, int status, Duration retryAfter, Throwable cause) {
        this(message, status, retryAfter, cause, null);
    }

    public ApiException(String message, int status, Duration retryAfter, Throwable cause, byte[] body) {
        this(message, status, retryAfter, cause, body, null);
    }

    /** @param reason null to derive it from the cause (an ApiException's own) or the status */
    public ApiException(String message, int status, Duration retryAfter, Throwable cause, byte[] body, Reason reason) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
        this.body = body;
        this.reason = reason != null ? reason : derived(status, cause);
    }

    private static Reason derived(int status, Throwable cause) {
        if (cause instanceof ApiException api) {
            return api.reason; // a wrapper (a step name, a longer wait) keeps the fault's kind
        }
        if (status == 401 || status == 403) {
            return Reason.CREDENTIALS;
        }
        if (status == 429) {
            return Reason.RATE_LIMITED;
        }
        if (status >= 500) {
            return Reason.SERVER;
        }
        if (status >= 300) {
            return Reason.CLIENT;
        }
        if (status == 0 && cause instanceof HttpTimeoutException) {
            return Reason.TIMEOUT;
        }
        if (status == 0 && cause instanceof java.io.IOException && !(cause instanceof JsonProcessingException)) {
            return Reason.CONNECTION;
        }
        return Reason.UNREADABLE; // a 2xx (or no status) that could not be used
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

    /** The kind of fault as metrics and health label it: credentials, rate-limited, timeout, too-large, unreadable, server, client, connection. */
    public String reason() {
        return reason.label();
    }

    public Reason reasonType() {
        return reason;
    }

    /** True when retrying cannot cure it: the credentials are wrong or revoked. */
    public boolean needsHuman() {
        return reason == Reason.CREDENTIALS;
    }
}
