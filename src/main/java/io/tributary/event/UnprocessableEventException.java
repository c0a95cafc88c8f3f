package io.tributary.event;

/** A verified delivery or polled item that cannot be normalised; it goes to the dead-letter topic. */
public class UnprocessableEventException extends RuntimeException {
    public UnprocessableEventException(String message) {
        super(message);
    }

    public UnprocessableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
