package io.tributary.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A key-value table kept in a compacted Kafka topic. {@link #start()} replays the topic to its end
 * before returning, so the caller sees every key written before it started; a background thread
 * then keeps following the topic, so other Tributary instances' writes show up too.
 * The pollers' cursor store is built on it. The follower never stops on a failure (a listener
 * that throws, Kafka away): it reports it to its {@link Watcher} and retries with backoff from the
 * record that failed, so a table never goes stale unseen.
 */
public final class KafkaTable implements AutoCloseable {

    /** Receives every record, replayed or new; a null value is a tombstone. */
    public interface Listener {
        void apply(String key, String value, long timestamp);
    }

    /** Where the follower reports each pass ({@code loops} health): null after one that worked, else its error. */
    public interface Watcher {
        void report(String follower, Throwable error);
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTable.class);

    private final KafkaSettings settings;
    private final String topic;
    private final Listener listener;
    private final Watcher watcher;
    private final CountDownLatch closed = new CountDownLatch(1);
    private Duration firstRetry = Duration.ofSeconds(1);
    private Duration maxRetry = Duration.ofSeconds(30);
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread follower;
    private volatile boolean running;

    public KafkaTable(KafkaSettings settings, String topic, Listener listener, Watcher watcher) {
        this.settings = settings;
        this.topic = topic;
        this.listener = listener;
        this.watcher = watcher;
    }

    /** The follower's name in health. */
    public String name() {
        return "kafka-table:" + topic;
    }

    /** The follower's backoff after a failure: from {@code first}, doubled up to {@code max}. */
    public KafkaTable retryBackoff(Duration first, Duration max) {
        this.firstRetry = first;
        this.maxRetry = max;
        return this;
    }

    /** Replays the topic; on failure (Kafka unreachable) closes what it opened, so the caller can simply retry. */
    public KafkaTable start() {
        try {
            open();
            return this;
        } catch (RuntimeException e) {
            if (producer != null) {
                producer.close(Duration.ZERO);
                producer = null;
            }
            if (consumer != null) {
                consumer.close(Duration.ZERO);
                consumer = null;
            }
            throw e;
        }
    }

    private void open() {
        Properties pp = settings.clientProperties();
        pp.put("acks", "all");
        pp.put("enable.idempotence", "true");
        pp.put("linger.ms", "2");
        pp.put("max.block.ms", String.valueOf(settings.timeoutMillis()));
        pp.put("request.timeout.ms", String.valueOf(Math.max(1000, settings.timeoutMillis() / 2)));
        pp.put("delivery.timeout.ms", String.valueOf(Math.max(2000, settings.timeoutMillis())));
        producer = new KafkaProducer<>(pp, new StringSerializer(), new StringSerializer());

        Properties cp = settings.clientProperties();
        cp.put("enable.auto.commit", "false");
        cp.put("auto.offset.reset", "earliest");
        cp.put("default.api.timeout.ms", String.valueOf(Math.max(30000, settings.timeoutMillis())));
        consumer = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
        if (partitions.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " has no partitions; it must be created first");
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        long started = System.nanoTime();
        int replayed = replayToEnd(partitions);
        LOG.info("Loaded {} records from {} in {} ms", replayed, topic, (System.nanoTime() - started) / 1_000_000);

        running = true;
        follower = new Thread(this::follow, "tributary-table-" + topic);
        follower.setDaemon(true);
        follower.start();
    }

    private int replayToEnd(List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
        int count = 0;
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                listener.apply(r.key(), r.value(), r.timestamp());
                count++;
            }
        }
        return count;
    }

    private void follow() {
        Duration backoff = firstRetry;
        int failures = 0;
        try {
            while (running) {
                try {
                    followOnce();
                    if (failures > 0) {
                        LOG.info("Following {} again after {} failed attempts", topic, failures);
                    }
                    failures = 0;
                    backoff = firstRetry;
                    watcher.report(name(), null);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    watcher.report(name(), e);
                    if (++failures == 1 || failures % 10 == 0) { // one line per outage phase, not one per attempt
                        LOG.error("Following {} failed ({} attempts so far), retrying in {} ms: {}", topic, failures, backoff.toMillis(), e.toString());
                    }
                    if (closed.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(maxRetry) > 0 ? maxRetry : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** One poll; when the listener throws, the consumer goes back to the record that failed, so none is skipped. */
    private void followOnce() {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
        Map<TopicPartition, Long> resume = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            resume.put(tp, records.records(tp).get(0).offset());
        }
        try {
            for (ConsumerRecord<String, String> r : records) {
                listener.apply(r.key(), r.value(), r.timestamp());
                resume.put(new TopicPartition(r.topic(), r.partition()), r.offset() + 1);
            }
        } catch (RuntimeException e) {
            resume.forEach(consumer::seek);
            throw e;
        }
    }

    /** Writes and waits until Kafka acknowledged the write. */
    public void put(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(settings.timeoutMillis() * 2L, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to " + topic, e);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Could not write to " + topic + ": " + cause, cause);
        }
    }

    /** Writes without waiting; the future completes when Kafka acknowledged the write. */
    public CompletableFuture<Void> putAsync(String key, String value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (md, ex) -> {
            if (ex == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(ex);
            }
        });
        return done;
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (consumer != null) {
            consumer.wakeup();
        }
        if (follower != null) {
            try {
                follower.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
