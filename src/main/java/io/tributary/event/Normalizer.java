package io.tributary.event;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

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

    /**
     * With the webhook's request headers (case-insensitive), for providers whose event id or type
     * travels in a header; empty for polled items and spooled deliveries (the spool keeps bodies only).
     */
    default List<CanonicalEvent> normalize(byte[] raw, Channel channel, Map<String, String> headers) {
        return normalize(raw, channel);
    }

    /**
     * The events of one delivery and, for a delivery of several items (a batch), each item that
     * failed as its own dead letter, so one bad item does not hold back the others. By default the
     * delivery is one unit: all its events, or one dead letter of the whole delivery.
     */
    default Batch normalizeEach(byte[] raw, Channel channel, Map<String, String> headers) {
        try {
            return new Batch(normalize(raw, channel, headers), List.of());
        } catch (UnprocessableEventException e) {
            return Batch.poison(new DeadLetter(raw, e.getMessage()));
        }
    }

    /**
     * A polled item with the tree it was written from ({@link ParsedItems}), for a normaliser that can
     * read it instead of parsing {@code raw} again; the result must be the same. By default it parses.
     */
    default Batch normalizeEach(byte[] raw, JsonNode tree, Channel channel, Map<String, String> headers) {
        return normalizeEach(raw, channel, headers);
    }
}
