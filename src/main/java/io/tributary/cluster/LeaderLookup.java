package io.tributary.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Which replica leads a provider, asked from outside the replicas (the {@code cursors} command).
 * With the {@code kafka} election the group coordinator knows: the member assigned the leader
 * topic's partition. A Kubernetes Lease is not read from here, so that answer is "unknown".
 */
public final class LeaderLookup implements AutoCloseable {

    /** {@code known} false: nobody can say here (then {@code reason} says why); else the leader, if any. */
    public record Answer(boolean known, Optional<String> leader, String reason) {
    }

    private final String kind;
    private final String groupPrefix;
    private final TopicPartition partition;
    private final String leasePrefix;
    private final Properties adminProperties;
    private Admin admin;

    /**
     * @param kind          {@code tributary.cluster.service}: kafka, kubernetes or none
     * @param applicationId {@code tributary.kafka.application-id}
     * @param topic         {@code tributary.cluster.topic}
     */
    public LeaderLookup(String kind, String applicationId, String topic, String leasePrefix, Properties adminProperties) {
        this.kind = kind;
        this.groupPrefix = groupPrefix(applicationId);
        this.partition = new TopicPartition(topic, 0);
        this.leasePrefix = leasePrefix;
        this.adminProperties = adminProperties;
    }

    /** A provider's election is the consumer group {@code <application id>.leader.<provider>}. */
    public static String groupPrefix(String applicationId) {
        return applicationId + ".leader.";
    }

    public Answer leader(String provider) {
        return switch (kind) {
            case "none" -> new Answer(true, Optional.empty(), "no election (tributary.cluster.service=none)");
            case "kafka" -> kafka(provider);
            default -> new Answer(false, Optional.empty(), "the " + kind + " election is not visible from here"
                    + (kind.equals("kubernetes") ? " (kubectl get lease " + leasePrefix + "-" + provider + ")" : ""));
        };
    }

    private Answer kafka(String provider) {
        String group = groupPrefix + provider;
        try {
            if (admin == null) {
                admin = Admin.create(adminProperties);
            }
            ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS);
            return new Answer(true, d.members().stream().filter(m -> m.assignment().topicPartitions().contains(partition))
                    .map(m -> m.clientId() + " (" + m.host().replaceFirst("^/", "") + ")").findFirst(), "group " + group);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(false, Optional.empty(), "interrupted");
        } catch (Exception e) {
            return new Answer(false, Optional.empty(), "group " + group + " could not be described: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
