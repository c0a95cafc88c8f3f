package io.tributary.spool;

/** The spool reached {@code tributary.spool.max-bytes}: the delivery is refused with 503 and Retry-After. */
public final class SpoolFullException extends RuntimeException {

    public SpoolFullException(String message) {
        super(message);
    }
}
