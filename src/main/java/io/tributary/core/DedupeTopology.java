package io.tributary.core;

import java.time.Duration;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TopicNameExtractor;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The core topology: {@code inbox -> dedupe -> tributary.events.<provider>}. The output topic of
 * each record travels in a header that the sink reads and removes, so any number of providers
 * share one topology and a consumer sees only the key, the value and {@code content-type}.
 */
public final class DedupeTopology {

    static final String SEEN_STORE = "tributary-dedupe";

    /** {@code rocksdb} (default: bounded memory, survives restarts locally) or {@code in-memory} (restored from the changelog at each start). */
    public enum StoreType { ROCKSDB, IN_MEMORY }

    private DedupeTopology() {
    }

    public static Topology build(String inboxTopic, String deadLetterTopic, Duration retention, Duration purgeInterval,
                                 StoreType storeType, CoreListener listener) {
        return build(inboxTopic, deadLetterTopic, retention, purgeInterval, DedupeProcessor.SWEEP_BATCH, storeType, listener);
    }

    static Topology build(String inboxTopic, String deadLetterTopic, Duration retention, Duration purgeInterval, int sweepBatch,
                          StoreType storeType, CoreListener listener) {
        Topology t = new Topology();
        t.addSource("inbox", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), inboxTopic);
        t.addProcessor("dedupe", () -> new DedupeProcessor(retention, purgeInterval, sweepBatch, deadLetterTopic, listener), "inbox");
        t.addStateStore(store(SEEN_STORE, storeType), "dedupe");
        t.addSink("events", topicFromHeader(), Serdes.String().serializer(), Serdes.ByteArray().serializer(), "dedupe");
        return t;
    }

    private static StoreBuilder<KeyValueStore<Bytes, byte[]>> store(String name, StoreType type) {
        KeyValueBytesStoreSupplier supplier = type == StoreType.IN_MEMORY
                ? Stores.inMemoryKeyValueStore(name)
                : Stores.persistentKeyValueStore(name);
        // No record cache: every update goes to the changelog within the transaction that forwards.
        return Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled();
    }

    private static TopicNameExtractor<String, byte[]> topicFromHeader() {
        return (key, value, context) -> {
            String topic = InboxHeaders.get(context.headers(), InboxHeaders.TOPIC);
            // The sink sends these same headers: removing ours leaves only content-type (and the error of a dead letter).
            context.headers().remove(InboxHeaders.TOPIC);
            return topic;
        };
    }
}
