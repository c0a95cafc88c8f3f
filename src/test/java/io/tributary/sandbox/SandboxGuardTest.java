package io.tributary.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.tributary.config.LaunchConfig;
import org.junit.jupiter.api.Test;

class SandboxGuardTest {

    private static List<String> problems(Map<String, String> system, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(system);
        return SandboxGuard.problems(new LaunchConfig(p, env));
    }

    @Test
    void should_allow_the_embedded_broker_a_local_one_and_non_credential_settings() {
        assertEquals(List.of(), problems(Map.of("tributary.http.port", "18080", "tributary.thirdfort.poll-interval", "5s",
                "tributary.kafka.bootstrap-servers", "127.0.0.1:9092,localhost:9093"),
                Map.of("TRIBUTARY_KAFKA_CLIENT_SASL_JAAS_CONFIG", "x", "TRIBUTARY_ZENOO_BASE_URL", "http://127.0.0.1:1")));
    }

    @Test
    void should_refuse_every_provider_credential_from_system_properties_or_the_environment() {
        for (String key : List.of("tributary.thirdfort.webhook-secret", "tributary.thirdfort.client-id", "tributary.thirdfort.client-secret",
                "tributary.sts-gen2.keys", "tributary.sts-gen2.token", "tributary.alcmeon.instance-id", "tributary.alcmeon.application-secret",
                "tributary.polytomic.api-key", "tributary.zenoo.fingerprint-key", "tributary.acme-pay.webhook-secret")) {
            assertEquals(1, problems(Map.of(key, "v"), Map.of()).size(), key);
            List<String> fromEnv = problems(Map.of(), Map.of(LaunchConfig.envName(key), "v"));
            assertEquals(1, fromEnv.size(), key);
            assertTrue(fromEnv.get(0).contains(LaunchConfig.envName(key)) && !fromEnv.get(0).contains("=v"), fromEnv.get(0));
        }
    }

    @Test
    void should_refuse_a_kafka_cluster_that_is_not_on_this_machine() {
        List<String> p = problems(Map.of(), Map.of("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,broker1.prod:9092"));
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("broker1.prod:9092"), p.get(0));
    }
}
