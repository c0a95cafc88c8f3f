package io.tributary.event;

import java.time.Instant;

/**
 * One raw item that could not be normalised, with the reason and when Tributary received it (the
 * webhook's or spooled delivery's arrival, or the poll or read that fetched it); it goes to the
 * dead-letter topic.
 */
public record DeadLetter(byte[] raw, String error, Instant receivedAt) {

    /** Made by a normaliser, which does not know the arrival: {@link NormalizeStep} stamps it with {@link #receivedAt(Instant)}. */
    public DeadLetter(byte[] raw, String error) {
        this(raw, error, null);
    }

    /** This dead letter with its arrival time, unless it has one already. */
    public DeadLetter receivedAt(Instant at) {
        return receivedAt != null ? this : new DeadLetter(raw, error, at);
    }
}
