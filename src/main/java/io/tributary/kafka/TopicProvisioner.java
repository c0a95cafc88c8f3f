package io.tributary.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics on first use, with Tributary's partition count, replication factor and
 * {@code min.insync.replicas}, instead of relying on broker auto-creation (often disabled, and
 * blind to compaction settings). With {@code tributary.kafka.create-topics=false} it creates
 * nothing: it only describes the topics, and a missing one is a {@link FatalStartupException}.
 */
public final class TopicProvisioner implements AutoCloseable {

    /** Replication of the topics Tributary (and its Kafka Streams core) creates. */
    public record Durability(short replicationFactor, int minInsyncReplicas) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final KafkaSettings settings;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private volatile Admin admin;
    private volatile Durability durability;

    public TopicProvisioner(KafkaSettings settings) {
        this.settings = settings;
    }

    /**
     * The configured replication factor and {@code min.insync.replicas}; what is not configured
     * follows the cluster, described once: 3 and 2 on a cluster of 3 or more brokers, else 1 and 1.
     * Throws (to be retried) while Kafka is unreachable.
     */
    public Durability durability() {
        Durability d = durability;
        if (d != null) {
            return d;
        }
        short rf = settings.replicationFactor();
        int minIsr = settings.minInsyncReplicas();
        int brokers = -1;
        if (rf <= 0) {
            try {
                brokers = clusterSize(settings.timeoutMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while describing the Kafka cluster", e);
            } catch (Exception e) {
                throw new IllegalStateException("Could not describe the Kafka cluster: " + e.getMessage(), e);
            }
            rf = (short) (brokers >= 3 ? 3 : 1);
        }
        if (minIsr <= 0) {
            minIsr = rf >= 3 ? 2 : 1;
        }
        if (minIsr > rf) {
            throw new FatalStartupException("tributary.kafka.min-insync-replicas (" + minIsr
                    + ") is larger than tributary.kafka.replication-factor (" + rf + "): no write could ever succeed");
        }
        d = new Durability(rf, minIsr);
        LOG.info("Topics Tributary creates get replication factor {} and min.insync.replicas {}{}", rf, minIsr,
                brokers < 0 ? "" : " (" + brokers + " broker(s) in the cluster)");
        durability = d;
        return d;
    }

    /** An event topic: the configured partition count, the broker's default retention. */
    public void ensureEventTopic(String topic) {
        ensure(topic, settings.partitions(), Map.of());
    }

    /**
     * Creates the topic unless it exists; with {@code tributary.kafka.create-topics=false} only
     * checks that it exists (see {@link #requireExisting}). A topic seen once is not asked again.
     */
    public void ensure(String topic, int partitions, Map<String, String> configs) {
        if (known.contains(topic)) {
            return;
        }
        if (!settings.createTopics()) {
            requireExisting(List.of(topic));
            return;
        }
        Durability d = durability();
        Map<String, String> all = new HashMap<>(configs);
        all.putIfAbsent(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(d.minInsyncReplicas()));
        // Every topic takes the largest record the edge can produce (a body at the HTTP limit plus its envelope).
        all.putIfAbsent(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(settings.maxRecordBytes()));
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), Optional.of(d.replicationFactor())).configs(all);
        try {
            admin().createTopics(List.of(newTopic)).all().get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} with {} partitions, replication factor {}, {}", topic, partitions, d.replicationFactor(), all);
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
     * Describes the topics (never creates them). Kafka answers that some are missing, or not
     * visible to this user: a {@link FatalStartupException} naming every one of them. Kafka
     * unreachable: an {@link IllegalStateException}, to be retried. Only existing topics are
     * remembered, so a topic created later is found on the next call.
     */
    public void requireExisting(Collection<String> topics) {
        List<String> ask = topics.stream().distinct().filter(t -> !known.contains(t)).toList();
        if (ask.isEmpty()) {
            return;
        }
        Map<String, KafkaFuture<TopicDescription>> answers = admin().describeTopics(ask).topicNameValues();
        List<String> missing = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        for (String topic : ask) {
            try {
                answers.get(topic).get(settings.timeoutMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                    continue;
                }
                if (e.getCause() instanceof TopicAuthorizationException) {
                    denied.add(topic);
                    continue;
                }
                throw new IllegalStateException("Could not describe Kafka topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while describing topic " + topic, e);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka did not answer within " + settings.publishTimeout()
                        + " while describing topic " + topic, e);
            }
        }
        if (!missing.isEmpty() || !denied.isEmpty()) {
            StringBuilder m = new StringBuilder("tributary.kafka.create-topics is false and Kafka");
            if (!missing.isEmpty()) {
                m.append(" has no topic ").append(String.join(", ", missing));
            }
            if (!denied.isEmpty()) {
                m.append(missing.isEmpty() ? "" : ", and").append(" does not let this user describe ").append(String.join(", ", denied))
                        .append(" (DESCRIBE permission missing)");
            }
            m.append(". Create the missing topics (docs/deployment.md: \"Locked-down Kafka\") or set tributary.kafka.create-topics=true.");
            throw new FatalStartupException(m.toString());
        }
        for (String topic : ask) {
            awaitLeaders(topic);
            known.add(topic);
        }
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

    /** Cheap reachability probe of the {@code kafka} health check (part of neither readiness nor liveness). */
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
