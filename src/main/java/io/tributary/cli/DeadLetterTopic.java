package io.tributary.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.deadletter.DeadLetters;
import io.tributary.event.Json;
import io.tributary.config.LaunchConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code tributary.deadletter} (read_committed) from the beginning to its end at the time of
 * reading, for {@code deadletters} and {@code redrive}. Commits nothing and joins no group.
 */
final class DeadLetterTopic {

    /** One dead letter: where it is in the topic, its headers and the raw delivery. */
    record Entry(int partition, long offset, long timestamp, Map<String, String> headers, byte[] raw) {

        String provider() {
            return headers.getOrDefault("tributary-provider", "unknown");
        }

        String channel() {
            return headers.getOrDefault("tributary-channel", "unknown");
        }

        String error() {
            return headers.getOrDefault("tributary-error", "");
        }

        /** When the delivery was received (older dead letters: when it was dead-lettered, else the record's time). */
        Instant receivedAt() {
            String at = headers.get("tributary-received-at");
            try {
                return at == null ? Instant.ofEpochMilli(timestamp) : Instant.parse(at);
            } catch (RuntimeException unparsable) {
                return Instant.ofEpochMilli(timestamp);
            }
        }

        int redriveCount() {
            return Integer.parseInt(headers.getOrDefault("tributary-redrive-count", "0"));
        }

        /** {@code partition:offset}, what a redriven copy names as {@code tributary-redriven-from}. */
        String ref() {
            return partition + ":" + offset;
        }

        /** The request headers kept for redrive, by their own names. */
        Map<String, String> requestHeaders() {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((k, v) -> {
                if (k.startsWith(DeadLetters.HEADER_PREFIX)) {
                    h.put(k.substring(DeadLetters.HEADER_PREFIX.length()), v);
                }
            });
            return h;
        }

        /** The provider's id when the delivery says it plainly (top-level {@code id}, or a kept {@code webhook-id}), else "-". */
        String providerId() {
            try {
                JsonNode doc = Json.MAPPER.readTree(raw);
                for (String field : List.of("id", "event_id", "eventId")) {
                    if (doc != null && doc.path(field).isValueNode()) {
                        return doc.path(field).asText();
                    }
                }
            } catch (Exception notJson) {
                // fall through
            }
            return headers.getOrDefault(DeadLetters.HEADER_PREFIX + "webhook-id", "-");
        }
    }

    private DeadLetterTopic() {
    }

    /** The dead letters a redrive dead-lettered again: later redrives skip them, listings say so. */
    static java.util.Set<String> replaced(List<Entry> all) {
        return all.stream().map(e -> e.headers().get("tributary-redriven-from")).filter(r -> r != null).collect(java.util.stream.Collectors.toSet());
    }

    static String topic(LaunchConfig config) {
        return config.get("tributary.kafka.deadletter-topic", "tributary.deadletter");
    }

    /** Every dead letter now in the topic, oldest receipt first. */
    static List<Entry> readAll(LaunchConfig config) {
        Properties p = new Properties();
        config.explicitWithPrefix("tributary.kafka.client.").forEach((k, v) -> {
            if (k.startsWith("tributary.")) {
                p.put(k.substring("tributary.kafka.client.".length()), v); // -D only, as for tail
            }
        });
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            String topic = topic(config);
            var infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return entries;
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the last stable offsets
            Instant deadline = Instant.now().plusSeconds(60);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 60 s");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        Map<String, String> headers = new TreeMap<>();
                        for (Header h : r.headers()) {
                            headers.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
                        }
                        entries.add(new Entry(r.partition(), r.offset(), r.timestamp(), headers, r.value() == null ? new byte[0] : r.value()));
                    }
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::receivedAt).thenComparing(Entry::partition).thenComparing(Entry::offset));
        return entries;
    }
}
