package io.tributary.core;

import java.time.Instant;

/**
 * One raw item that could not be normalised, with the reason and when Tributary received it (the
 * webhook's or spooled delivery's arrival, or the poll or read that fetched it); it goes to the
 * dead-letter topic.
 */
public record DeadLetter(byte[] raw, String error, Instant receivedAt) {
}
