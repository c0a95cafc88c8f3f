package io.tributary.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.TopicProvisioner;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the core topology inside Tributary's JVM with {@code exactly_once_v2}: no separate
 * process to operate. A stream thread that dies is replaced; a topology in ERROR fails liveness
 * (see {@link CoreHealthCheck}); {@link #close()} commits what was processed.
 */
public final class StreamsCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsCore.class);

    private final KafkaSettings kafka;
    private final CoreSettings core;
    private final Topology topology;
    /** Created at {@link #start}, once the replication of the topics it creates is known. */
    private volatile KafkaStreams streams;
    /** The RocksDB memory of this core's stores, created with its streams and closed after them. */
    private BoundedRocksDb.Memory rocksDbMemory;
    private boolean closed;
    private final AtomicInteger replacedThreads = new AtomicInteger();
    private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;

    public StreamsCore(KafkaSettings kafka, CoreSettings core, Topology topology) {
        this.kafka = kafka;
        this.core = core;
        this.topology = topology;
    }

    private KafkaStreams create(TopicProvisioner.Durability durability) {
        Properties p = properties(kafka, core, durability);
        rocksDbMemory = new BoundedRocksDb.Memory(core.rocksDbCacheBytes(), core.rocksDbWriteBufferBytes());
        p.put(BoundedRocksDb.MEMORY, rocksDbMemory);
        KafkaStreams s = new KafkaStreams(topology, p);
        s.setStateListener((now, before) -> {
            state = now;
            if (now == KafkaStreams.State.RUNNING) {
                LOG.info("Core running: application.id={}, inbox partitions owned here: {}", core.applicationId(), ownedPartitions());
            } else if (now == KafkaStreams.State.ERROR) {
                LOG.error("Core stopped in ERROR: no event is published by this instance until it restarts");
            }
        });
        s.setUncaughtExceptionHandler(e -> {
            replacedThreads.incrementAndGet();
            LOG.error("A core stream thread died and is replaced; its uncommitted work is retried: {}", e.toString(), e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return s;
    }

    /**
     * @param durability replication factor and {@code min.insync.replicas} of the internal topics
     *                   (changelogs) Kafka Streams creates, the same as Tributary's own topics
     */
    static Properties properties(KafkaSettings kafka, CoreSettings core, TopicProvisioner.Durability durability) {
        Properties p = new Properties();
        p.putAll(kafka.clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, core.applicationId());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, String.valueOf(core.commitInterval().toMillis()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, String.valueOf(core.streamThreads()));
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, String.valueOf(core.standbyReplicas()));
        p.put(StreamsConfig.STATE_DIR_CONFIG, core.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        // The core republishes records as large as the edge accepted.
        p.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                String.valueOf(kafka.maxRequestBytes()));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, String.valueOf(durability.replicationFactor()));
        p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), String.valueOf(durability.minInsyncReplicas()));
        // Kafka's default session (45 s) is how long a SIGKILLed member's partitions stay idle.
        long session = core.sessionTimeout().toMillis();
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), String.valueOf(session));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), String.valueOf(Math.max(500, session / 4)));
        core.instanceId().ifPresent(id -> p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        return p;
    }

    public synchronized StreamsCore start(TopicProvisioner.Durability durability) {
        if (streams != null || closed) {
            return this;
        }
        LOG.info("Core starting: application.id={}, inbox={}, dedupe store={} in {}, retention {}, commit every {}",
                core.applicationId(), core.inboxTopic(), core.storeType().name().toLowerCase().replace('_', '-'),
                core.stateDir().toAbsolutePath(), core.retention(), core.commitInterval());
        KafkaStreams s = create(durability);
        streams = s;
        s.start();
        return this;
    }

    /**
     * A stable member name for static group membership, kept in the data directory: a restarted
     * instance (same volume) takes its partitions back at once instead of waiting out its old
     * session. Two live instances must never share a data directory (Kafka Streams locks it).
     */
    public static String persistentInstanceId(Path dataDir) {
        Path file = dataDir.resolve("instance-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(dataDir);
            String id = randomInstanceId();
            Files.writeString(file, id, StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the core's instance id in " + file, e);
        }
    }

    public static String randomInstanceId() {
        return "tributary-" + UUID.randomUUID();
    }

    public KafkaStreams.State state() {
        return state;
    }

    public int replacedThreads() {
        return replacedThreads.get();
    }

    public List<String> ownedPartitions() {
        KafkaStreams streams = this.streams;
        if (streams == null) {
            return List.of();
        }
        try {
            return streams.metadataForLocalThreads().stream()
                    .flatMap(t -> t.activeTasks().stream())
                    .flatMap(task -> task.topicPartitions().stream())
                    .map(tp -> tp.topic() + "-" + tp.partition())
                    .sorted().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Records in the inbox not yet processed by this instance's tasks (consumer lag, summed). */
    public double inboxLag() {
        KafkaStreams streams = this.streams;
        double lag = 0;
        if (streams == null) {
            return lag;
        }
        for (var e : streams.metrics().entrySet()) {
            MetricName n = e.getKey();
            if (n.name().equals("records-lag") && n.group().equals("consumer-fetch-manager-metrics")
                    && core.inboxTopic().equals(n.tags().get("topic"))) {
                Object v = ((Metric) e.getValue()).metricValue();
                if (v instanceof Number num && !Double.isNaN(num.doubleValue())) {
                    lag += num.doubleValue();
                }
            }
        }
        return lag;
    }

    public CoreSettings settings() {
        return core;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (streams == null) {
            return; // never started (Kafka never answered, or start-up failed)
        }
        // Closing commits the open transaction, so a clean stop reprocesses nothing.
        // A static member leaves explicitly, so the others take its partitions now, not after its session.
        boolean clean = streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
        LOG.info("Core stopped{}", clean ? "" : " (timed out; the next owner aborts the open transaction)");
        if (clean) {
            rocksDbMemory.close(); // only once every store is closed: a thread still running might use it
        }
    }
}
