package io.tributary.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.tributary.core.Settings;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka is and how every Kafka client of Tributary talks to it. Extra client settings
 * (SASL, TLS, ...) are passed through from {@code tributary.kafka.client.<kafka-key>} to all of
 * Tributary's clients, including the Camel Kafka component that publishes events.
 */
public record KafkaSettings(String bootstrapServers,
                            Map<String, Object> clientOverrides,
                            Duration publishTimeout,
                            int partitions,
                            short replicationFactor,
                            String inboxTopic,
                            Duration inboxLinger,
                            String cursorTopic,
                            String deadLetterTopic) {

    public static final String CLIENT_PREFIX = "tributary.kafka.client.";

    public static KafkaSettings from(Settings s, String bootstrapServers, Properties clientProps) {
        Map<String, Object> overrides = new HashMap<>();
        clientProps.stringPropertyNames().forEach(k -> overrides.put(k.substring(CLIENT_PREFIX.length()), clientProps.getProperty(k)));
        return new KafkaSettings(bootstrapServers, Map.copyOf(overrides),
                s.duration("tributary.kafka.publish-timeout", Duration.ofSeconds(10)),
                s.integer("tributary.kafka.partitions", 6),
                (short) s.integer("tributary.kafka.replication-factor", -1),
                s.string("tributary.kafka.inbox-topic", "tributary.inbox"),
                s.duration("tributary.kafka.inbox-linger", Duration.ofMillis(1)),
                s.string("tributary.kafka.cursor-topic", "tributary.cursors"),
                s.string("tributary.kafka.deadletter-topic", "tributary.deadletter"));
    }

    /** Properties shared by every client: bootstrap servers plus the pass-through overrides. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(clientOverrides);
        return p;
    }

    public int timeoutMillis() {
        return (int) publishTimeout.toMillis();
    }
}
