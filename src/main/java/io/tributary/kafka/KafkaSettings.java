package io.tributary.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka is and how every Kafka client of Tributary talks to it. Extra client settings
 * (SASL, TLS, ...) are passed through from {@code tributary.kafka.client.<kafka-key>} to all of
 * Tributary's clients, including the Camel Kafka component that publishes events.
 * {@code replicationFactor} and {@code minInsyncReplicas} are -1 when not set: the topics
 * Tributary creates then get 3 and 2 on a cluster of 3 or more brokers, else 1 and 1
 * (see {@link TopicProvisioner#durability()}).
 */
public record KafkaSettings(String bootstrapServers,
                            Map<String, Object> clientOverrides,
                            Duration publishTimeout,
                            int partitions,
                            short replicationFactor,
                            String inboxTopic,
                            Duration inboxLinger,
                            String cursorTopic,
                            String deadLetterTopic,
                            boolean createTopics,
                            int minInsyncReplicas,
                            int maxRecordBytes) {

    /**
     * Room over the largest accepted body for what wraps it: the CloudEvent envelope of an event,
     * or the provider, channel, error and time headers of a dead letter (a long error included).
     */
    public static final int ENVELOPE_HEADROOM = 64 * 1024;

    public static final String CLIENT_PREFIX = "tributary.kafka.client.";

    /** Properties shared by every client: bootstrap servers plus the pass-through overrides. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(clientOverrides);
        return p;
    }

    /** A producer request carries one batch of at least one record: a whole largest record must fit. */
    public int maxRequestBytes() {
        return maxRecordBytes + 16 * 1024;
    }

    public int timeoutMillis() {
        return (int) publishTimeout.toMillis();
    }
}
