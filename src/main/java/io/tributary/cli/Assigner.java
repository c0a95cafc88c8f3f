package io.tributary.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives {@code tail} the partitions of its topic, or of every {@code tributary.events.*} topic,
 * without a consumer group: a group would rebalance when a provider's topic appears and, with no
 * committed offsets, read from the start again (printing events twice). Partitions that exist at
 * the first look start at the end (or the beginning with {@code --from-beginning}); partitions
 * that appear later start at their beginning, since all their events are new.
 */
final class Assigner {

    private static final Duration EVERY = Duration.ofSeconds(2);

    private final Consumer<?, ?> consumer;
    private final String topic;
    private final boolean fromBeginning;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private Instant next = Instant.MIN;
    private boolean looked;

    Assigner(Consumer<?, ?> consumer, String topic, boolean fromBeginning) {
        this.consumer = consumer;
        this.topic = topic;
        this.fromBeginning = fromBeginning;
    }

    /**
     * Looks for new partitions at most every two seconds (Kafka being away is tried again later);
     * true once there is something to poll.
     */
    boolean refresh() {
        if (Instant.now().isBefore(next)) {
            return !assigned.isEmpty();
        }
        next = Instant.now().plus(EVERY);
        List<TopicPartition> found = new ArrayList<>();
        try {
            consumer.listTopics(EVERY).forEach((name, partitions) -> {
                if (topic == null ? Tail.EVENT_TOPICS.matcher(name).matches() : topic.equals(name)) {
                    partitions.forEach(p -> found.add(new TopicPartition(name, p.partition())));
                }
            });
        } catch (KafkaException notYet) {
            return !assigned.isEmpty(); // e.g. a timeout while the broker starts
        }
        found.removeAll(assigned);
        if (!found.isEmpty()) {
            assigned.addAll(found);
            consumer.assign(assigned);
            if (fromBeginning || looked) {
                consumer.seekToBeginning(found);
            } else {
                consumer.seekToEnd(found);
            }
        }
        looked = true;
        return !assigned.isEmpty();
    }
}
