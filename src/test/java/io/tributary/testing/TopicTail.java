package io.tributary.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One read_committed consumer that follows an events topic for a whole test and collects the
 * CloudEvent ids it sees, so a test can poll progress cheaply (no new consumer per check).
 */
public final class TopicTail implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<String> ids = new ArrayList<>();

    public TopicTail(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", "false");
        p.put("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
    }

    /** The topic is created with its first event: assign once it exists. */
    private boolean assigned() {
        if (consumer.assignment().isEmpty()) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).collect(Collectors.toList());
            if (parts.isEmpty()) {
                return false;
            }
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
        }
        return true;
    }

    /** Reads what arrived since the last call; returns every id seen so far, in arrival order. */
    public synchronized List<String> ids() {
        try {
            if (!assigned()) {
                return List.of();
            }
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                try {
                    ids.add(JSON.readTree(r.value()).get("id").asText());
                } catch (Exception e) {
                    ids.add("unreadable:" + new String(r.value(), StandardCharsets.UTF_8));
                }
            });
        } catch (org.apache.kafka.common.errors.RetriableException e) {
            // the broker is restarting: report what we have
        }
        return List.copyOf(ids);
    }

    public int count() {
        return ids().size();
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
