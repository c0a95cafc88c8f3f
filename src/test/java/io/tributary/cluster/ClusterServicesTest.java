package io.tributary.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import io.tributary.config.Settings;
import io.tributary.kafka.KafkaSettings;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The election is chosen by configuration; building a service contacts nothing (it starts with the context). */
class ClusterServicesTest {

    /** Tributary's own settings, from override properties as -D or the environment would give them. */
    private static Settings settings(Map<String, String> values) {
        DefaultCamelContext context = new DefaultCamelContext();
        Properties overrides = new Properties();
        overrides.putAll(values);
        context.getPropertiesComponent().setOverrideProperties(overrides);
        return Settings.of(context);
    }

    private static CamelClusterService create(Map<String, String> values) {
        return ClusterServices.create(settings(values), (KafkaSettings) null, "app", () -> "member-1", new CompletableFuture<>()).orElse(null);
    }

    @Test
    void should_elect_through_kafka_by_default() {
        KafkaClusterService k = assertInstanceOf(KafkaClusterService.class, create(Map.of()));
        assertEquals(new KafkaClusterService.Settings("tributary.leaders", "app.leader.", "member-1", Duration.ofSeconds(10)), k.settings());
    }

    @Test
    void should_select_kubernetes_leases_by_configuration() {
        KubernetesClusterService k = assertInstanceOf(KubernetesClusterService.class, create(Map.of(
                "tributary.cluster.service", "Kubernetes",
                "tributary.cluster.kubernetes.namespace", "payments",
                "tributary.cluster.kubernetes.pod-name", "tributary-1")));
        assertEquals("payments", k.getKubernetesNamespace());
        assertEquals("tributary-1", k.getPodName());
        assertEquals("tributary-leader", k.getKubernetesResourceName());
        assertEquals(15000, k.getLeaseDurationMillis());
    }

    @Test
    void should_elect_nothing_with_none_and_refuse_an_unknown_kind() {
        assertEquals(null, create(Map.of("tributary.cluster.service", "none")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(Map.of("tributary.cluster.service", "zookeeper")));
        assertTrue(e.getMessage().contains("zookeeper"), e.getMessage());
    }
}
