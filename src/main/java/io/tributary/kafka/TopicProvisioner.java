package io.tributary.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics on first use, with Tributary's partition count, instead of relying on broker
 * auto-creation (often disabled, and blind to compaction settings).
 */
public final class TopicProvisioner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final KafkaSettings settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile Admin admin;

    public TopicProvisioner(KafkaSettings settings) {
        this.settings = settings;
    }

    /** An event topic: the configured partition count, the broker's default retention. */
    public void ensureEventTopic(String topic) {
        ensure(topic, settings.partitions(), Map.of());
    }

    public void ensure(String topic, int partitions, Map<String, String> configs) {
        if (known.contains(topic)) {
            return;
        }
        Optional<Short> rf = settings.replicationFactor() > 0 ? Optional.of(settings.replicationFactor()) : Optional.empty();
        // Every topic takes the largest record the edge can produce (a body at the HTTP limit plus its envelope).
        Map<String, String> withLimit = new java.util.HashMap<>(configs);
        withLimit.putIfAbsent("max.message.bytes", String.valueOf(settings.maxRecordBytes()));
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), rf).configs(withLimit);
        try {
            admin().createTopics(List.of(newTopic)).all().get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} with {} partitions {}", topic, partitions, configs);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create Kafka topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + settings.publishTimeout()
                    + " while creating topic " + topic, e);
        }
        awaitLeaders(topic);
        known.add(topic);
    }

    /**
     * A new topic's partitions get their leaders a moment after creation. Producing before that
     * fails with NOT_LEADER_OR_FOLLOWER, and the idempotent producer's retries can then end in a
     * timeout after part of a batch was written, which a retry would publish twice.
     */
    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + settings.publishTimeout().toNanos();
        while (true) {
            try {
                TopicDescription d = admin().describeTopics(List.of(topic)).allTopicNames()
                        .get(settings.timeoutMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // not visible yet: try again until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Topic " + topic + " has partitions without a leader after " + settings.publishTimeout());
            }
            try {
                Thread.sleep(50); // production code polling the broker, not a test waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for topic " + topic, e);
            }
        }
    }

    /** Cheap reachability probe used by the readiness check. */
    public int clusterSize(long timeoutMillis) throws Exception {
        return admin().describeCluster().nodes().get(timeoutMillis, TimeUnit.MILLISECONDS).size();
    }

    private Admin admin() {
        Admin a = admin;
        if (a == null) {
            synchronized (this) {
                if (admin == null) {
                    var props = settings.clientProperties();
                    props.put("request.timeout.ms", String.valueOf(settings.timeoutMillis()));
                    props.put("default.api.timeout.ms", String.valueOf(settings.timeoutMillis()));
                    admin = Admin.create(props);
                }
                a = admin;
            }
        }
        return a;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
            admin = null;
        }
    }
}
