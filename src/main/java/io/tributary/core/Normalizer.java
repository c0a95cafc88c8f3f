package io.tributary.core;

import java.util.List;

/**
 * Turns one raw delivery (a webhook body, or one item of a polled page) into canonical events.
 * A webhook body may hold several events (a batch), so the result is a list.
 * Implementations live in {@code io.tributary.providers.<id>} and are declared as beans in the
 * provider's route file.
 */
public interface Normalizer {

    /** The kebab-case provider id this normaliser serves. */
    String provider();

    /** @throws UnprocessableEventException when the input is not a valid event of this provider */
    List<CanonicalEvent> normalize(byte[] raw, Channel channel);
}
