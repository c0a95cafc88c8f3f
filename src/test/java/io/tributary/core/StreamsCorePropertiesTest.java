package io.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.tributary.kafka.ClientSettings;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.TopicProvisioner;
import org.junit.jupiter.api.Test;

/** The core's Kafka Streams properties: the shared client settings and the durability of its internal topics. */
class StreamsCorePropertiesTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";";

    @Test
    void should_give_environment_settings_to_the_core() {
        KafkaSettings kafka = settings(ClientSettings.collect(new Properties(), Map.of(
                "TRIBUTARY_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT")), (short) -1, -1);
        Properties p = StreamsCore.properties(kafka, core(), new TopicProvisioner.Durability((short) 3, 2));
        assertEquals(JAAS, p.get("sasl.jaas.config"));
        assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
    }

    @Test
    void should_give_the_replication_settings_to_the_cores_internal_topics() {
        Properties p = StreamsCore.properties(settings(Map.of(), (short) -1, -1), core(), new TopicProvisioner.Durability((short) 3, 2));
        assertEquals("3", p.get("replication.factor"));
        assertEquals("2", p.get("topic.min.insync.replicas"));
    }

    private static KafkaSettings settings(Map<String, Object> overrides, short rf, int minIsr) {
        return new KafkaSettings("127.0.0.1:1", overrides, Duration.ofSeconds(1), 2, rf, "tributary.inbox", Duration.ofMillis(2),
                "tributary.cursors", "tributary.deadletter", false, minIsr, 1024 * 1024 + 65536);
    }

    private static CoreSettings core() {
        return new CoreSettings("tributary", "tributary.inbox", Path.of("target/never-used"), Duration.ofDays(1), Duration.ofMinutes(1),
                DedupeTopology.StoreType.ROCKSDB, Duration.ofMillis(100), 1, 0, Duration.ofSeconds(10), Optional.empty(), 1L << 20, 1L << 20);
    }
}
