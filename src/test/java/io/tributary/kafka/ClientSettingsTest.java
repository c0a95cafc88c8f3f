package io.tributary.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";";

    @Test
    void should_map_environment_variables_to_kafka_keys() {
        Map<String, Object> s = ClientSettings.collect(new Properties(), Map.of(
                "TRIBUTARY_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "TRIBUTARY_KAFKA_CLIENT_", "no key",
                "TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "not a client setting",
                "PATH", "/usr/bin"));
        assertEquals(Map.of("sasl.jaas.config", JAAS, "security.protocol", "SASL_SSL"), s);
    }

    @Test
    void should_let_properties_and_system_properties_win_over_the_environment() {
        Properties p = new Properties();
        p.setProperty("tributary.kafka.client.security.protocol", "SSL");
        p.setProperty("tributary.kafka.client.ssl.endpoint.identification.algorithm", "");
        Map<String, Object> s = ClientSettings.collect(p, Map.of(
                "TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "TRIBUTARY_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN"));
        assertEquals("SSL", s.get("security.protocol"));
        assertEquals("PLAIN", s.get("sasl.mechanism"));
        assertEquals("", s.get("ssl.endpoint.identification.algorithm"), "a key with underscores only as a property");

        Properties system = new Properties();
        system.setProperty("tributary.kafka.client.security.protocol", "SASL_PLAINTEXT");
        system.setProperty("java.version", "17");
        Map<String, Object> withD = ClientSettings.collect(p, system, Map.of("TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL"));
        assertEquals("SASL_PLAINTEXT", withD.get("security.protocol"), "-D wins over properties and the environment");
        assertEquals(2, withD.size());
    }

    @Test
    void should_give_environment_settings_to_the_shared_client_properties() {
        KafkaSettings kafka = settings(ClientSettings.collect(new Properties(), Map.of(
                "TRIBUTARY_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
                "TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT")), (short) -1, -1);
        // clientProperties(): the inbox producer, the cursor table and the admin client start from it;
        // clientOverrides(): added last by the inbox producer and the Camel Kafka component (dead letters).
        // The core's Kafka Streams properties: StreamsCorePropertiesTest.
        for (Map<?, ?> client : List.<Map<?, ?>>of(kafka.clientProperties(), kafka.clientOverrides())) {
            assertEquals(JAAS, client.get("sasl.jaas.config"));
            assertEquals("SASL_PLAINTEXT", client.get("security.protocol"));
        }
    }

    @Test
    void should_refuse_more_in_sync_replicas_than_replicas_without_asking_kafka() {
        try (TopicProvisioner t = new TopicProvisioner(settings(Map.of(), (short) 2, 3))) {
            FatalStartupException e = assertThrows(FatalStartupException.class, t::durability);
            assertTrue(e.getMessage().contains("tributary.kafka.min-insync-replicas"), e.getMessage());
        }
        try (TopicProvisioner t = new TopicProvisioner(settings(Map.of(), (short) 3, -1))) {
            assertEquals(new TopicProvisioner.Durability((short) 3, 2), t.durability());
        }
        try (TopicProvisioner t = new TopicProvisioner(settings(Map.of(), (short) 1, -1))) {
            assertEquals(new TopicProvisioner.Durability((short) 1, 1), t.durability());
        }
    }

    @Test
    void should_require_the_events_topic_of_configured_providers_only(@TempDir Path routes) throws Exception {
        for (String f : List.of("tributary.camel.yaml", "thirdfort.camel.yaml", "sts-gen2.camel.yaml", "zenoo.camel.yaml", "notes.txt")) {
            Files.writeString(routes.resolve(f), "");
        }
        KafkaSettings kafka = settings(Map.of(), (short) -1, -1);
        List<String> topics = RequiredTopics.of(kafka, routes,
                Set.of("tributary.thirdfort.webhook-secret", "tributary.zenoo.topic", "tributary.kafka.create-topics"),
                Map.of("TRIBUTARY_STS_GEN2_PASSWORD", "x"),
                (key, def) -> key.equals("tributary.zenoo.topic") ? "kyc.zenoo" : def);
        assertEquals(List.of("tributary.inbox", "tributary.cursors", "tributary.deadletter",
                "tributary.events.sts-gen2", "tributary.events.thirdfort", "kyc.zenoo"), topics);
        assertFalse(RequiredTopics.configured("thirdfort", Set.of("tributary.thirdfortx.a"), Map.of()));
    }

    private static KafkaSettings settings(Map<String, Object> overrides, short rf, int minIsr) {
        return new KafkaSettings("127.0.0.1:1", overrides, Duration.ofSeconds(1), 2, rf, "tributary.inbox", Duration.ofMillis(2),
                "tributary.cursors", "tributary.deadletter", false, minIsr, 1024 * 1024 + 65536);
    }
}
