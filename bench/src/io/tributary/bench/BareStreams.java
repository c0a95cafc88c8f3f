package io.tributary.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import io.tributary.core.BoundedRocksDb;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The ceiling for the backfill: the bare exactly-once dedupe topology, in its own JVM, with the
 * shape of Tributary's core (look the key up in a persistent RocksDB store with a changelog; if
 * absent, put it with the time and forward the record) and the core's settings (see
 * {@code KafkaWiring} and {@code StreamsCore}): exactly_once_v2, 50 ms commits (unless set), one stream thread,
 * no record cache, RocksDB bounded to a 32 MB cache and 8 MB of write buffers. Prints
 * {@code streams running}; reads {@code pause} and {@code resume} from stdin, so the benchmark can
 * fill the input after the warm-up. Arguments: bootstrap servers, input, output, state directory.
 */
public final class BareStreams {

    static final String STORE = "bench-dedupe";

    public static void main(String[] args) throws Exception {
        KafkaStreams streams = start(args[0], "bench-bare-streams", args[1], args[2], args[3]);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            if (line.equals("pause")) {
                streams.pause();
            } else if (line.equals("resume")) {
                streams.resume();
            }
            System.out.println(line + "d");
        }
        streams.close();
    }

    /** Starts the topology under {@code applicationId} (its own changelog and offsets); prints {@code streams running} once it runs. */
    static KafkaStreams start(String bootstrap, String applicationId, String input, String output, String state) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Tributary's default. -Dbench.commit-interval-ms in TRIBUTARY_JAVA_OPTS (every child JVM gets those) sets it
        // for the bare topology and the floors; -Dtributary.core.commit-interval there sets Tributary's.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, System.getProperty("bench.commit-interval-ms", "50"));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        p.put(BoundedRocksDb.MEMORY, new BoundedRocksDb.Memory(32L << 20, 8L << 20));

        Topology t = new Topology();
        t.addSource("input", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), input);
        t.addProcessor("dedupe", Dedupe::new, "input");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled(), "dedupe");
        t.addSink("output", output, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "dedupe");

        KafkaStreams streams = new KafkaStreams(t, p);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("streams running");
            }
        });
        streams.start();
        return streams;
    }

    /** Tributary's dedupe step without its headers, dead letters and purge: look up, then put and forward. */
    private static final class Dedupe implements Processor<String, byte[], String, byte[]> {

        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<Bytes, byte[]> seen;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.seen = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Bytes id = Bytes.wrap(record.key().getBytes(StandardCharsets.UTF_8));
            if (seen.get(id) == null) {
                seen.put(id, ByteBuffer.allocate(Long.BYTES).putLong(context.currentSystemTimeMs()).array());
                context.forward(record);
            }
        }
    }
}
