package io.tributary.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A read_committed consumer of the events topic, as a downstream team runs it: counts records by channel and notes when each id became visible. */
final class Arrivals implements AutoCloseable {

    private final Map<String, Long> visibleAt = new ConcurrentHashMap<>();
    private final AtomicInteger polled = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    Arrivals(String bootstrap, String topic, int partitions) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        // A latency-minded consumer: read_committed data waits for the commit marker, and the default
        // fetch.max.wait.ms (500) would add up to that much on an idle partition.
        p.put("fetch.max.wait.ms", "50");
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> parts = java.util.stream.IntStream.range(0, partitions).mapToObj(i -> new TopicPartition(topic, i)).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        String v = new String(r.value(), StandardCharsets.UTF_8);
                        int i = v.indexOf("\"id\":\"") + 6;
                        if (i >= 6) { // the floors' records of random letters have no id
                            visibleAt.putIfAbsent(v.substring(i, v.indexOf('"', i)), now);
                        }
                        total.incrementAndGet();
                        if (v.contains("\"channel\":\"poll\"")) {
                            polled.incrementAndGet();
                        }
                    }
                }
            }
        }, "bench-arrivals");
        thread.start();
    }

    Long visibleAt(String id) {
        return visibleAt.get(id);
    }

    int polled() {
        return polled.get();
    }

    /**
     * Waits until at least {@code count} records were read in all; fails after 60 s, e.g. when the
     * load generator repeated ids (the core publishes a repeat once) or an event was lost.
     */
    void awaitTotal(long count) {
        if (!await(() -> total.get() >= count)) {
            throw new IllegalStateException(total.get() + " events published, " + count + " expected");
        }
    }

    /** Waits until every id is visible, or 60 s; the caller reports how many were. */
    void awaitVisible(java.util.Set<String> ids) {
        await(() -> visibleAt.keySet().containsAll(ids));
    }

    private static boolean await(java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // progress check, not a measured wait
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
