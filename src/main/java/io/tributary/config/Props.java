package io.tributary.config;

import io.tributary.event.Channel;

/** Exchange property names shared by the YAML routes and the Java steps. */
public final class Props {
    /** The kebab-case provider id, set by each provider route. */
    public static final String PROVIDER = "tributaryProvider";
    /** {@link Channel} name: webhook, poll or pull. */
    public static final String CHANNEL = "tributaryChannel";
    /** The raw bytes exactly as received, kept for verification and dead letters. */
    public static final String RAW = "tributaryRaw";
    public static final String MORE = "tributaryMore";
    /** When the delivery reached Tributary: an {@code Instant}, or a {@code List<Instant>} per item; the {@code time} of events without the provider's. */
    public static final String RECEIVED_AT = "tributaryReceivedAt";
    public static final String NEXT_CURSOR = "tributaryNextCursor";
    /** Set by a poller: the inbox write does not wait, it leaves its ack future in {@link #ACK}. */
    public static final String PIPELINED = "tributaryPipelined";
    public static final String ACK = "tributaryAck";

    private Props() {
    }
}
