package io.tributary.core;

/**
 * What the core reports about each inbox record, for metrics. Under exactly-once a transaction
 * that aborts (a crash, a fenced instance) is processed again, so counts may run slightly high
 * after a crash; the published records themselves are never doubled.
 */
public interface CoreListener {

    /** The first copy of an event was forwarded; {@code latencyMillis} runs from the edge's write. */
    void published(String provider, String channel, long latencyMillis);

    void duplicate(String provider, String channel);

    void deadLettered(String provider, String channel);

    CoreListener NONE = new CoreListener() {
        @Override
        public void published(String provider, String channel, long latencyMillis) {
        }

        @Override
        public void duplicate(String provider, String channel) {
        }

        @Override
        public void deadLettered(String provider, String channel) {
        }
    };
}
