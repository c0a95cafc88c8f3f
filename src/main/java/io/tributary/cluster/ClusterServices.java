package io.tributary.cluster;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import io.tributary.config.Settings;
import io.tributary.kafka.KafkaSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.master.MasterEndpoint;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;

/**
 * Builds the cluster service that elects one replica per provider for the {@code master:} routes,
 * chosen by {@code tributary.cluster.service}:
 * <ul>
 * <li>{@code kafka} (default): a consumer group per provider on {@code tributary.cluster.topic}; needs nothing but Kafka;</li>
 * <li>{@code kubernetes}: Camel's Lease-based service; Leases {@code <lease-prefix>-<provider>} in the pod's namespace;</li>
 * <li>{@code none}: no election, for a process without provider routes ({@code drain-spool}); {@code master:} routes fail to start.</li>
 * </ul>
 */
public final class ClusterServices {

    private ClusterServices() {
    }

    public static String kind(Settings s) {
        return s.string("tributary.cluster.service", "kafka").trim().toLowerCase(Locale.ROOT);
    }

    public static String topic(Settings s) {
        return s.string("tributary.cluster.topic", "tributary.leaders");
    }

    /** Empty for {@code none}: a process without provider routes (drain-spool) elects nothing. */
    public static Optional<CamelClusterService> create(Settings s, KafkaSettings kafka, String applicationId, Supplier<String> memberId,
                                             CompletionStage<?> topicReady) {
        return Optional.ofNullable(switch (kind(s)) {
            case "none" -> null;
            case "kafka" -> new KafkaClusterService(kafka, new KafkaClusterService.Settings(topic(s), LeaderLookup.groupPrefix(applicationId),
                    memberId.get(), s.duration("tributary.cluster.session-timeout", Duration.ofSeconds(10))), topicReady);
            case "kubernetes" -> kubernetes(s, memberId.get());
            default -> throw new IllegalArgumentException("tributary.cluster.service must be kafka or kubernetes, not '"
                    + kind(s) + "'");
        });
    }

    private static CamelClusterService kubernetes(Settings s, String memberId) {
        KubernetesClusterService k = new KubernetesClusterService();
        k.setId("kubernetes");
        k.setLeaseResourceType(LeaseResourceType.Lease);
        k.setKubernetesResourceName(s.string("tributary.cluster.kubernetes.lease-prefix", "tributary-leader"));
        String namespace = s.string("tributary.cluster.kubernetes.namespace", "");
        if (!namespace.isBlank()) {
            k.setKubernetesNamespace(namespace);
        }
        k.setPodName(s.string("tributary.cluster.kubernetes.pod-name", memberId));
        k.setLeaseDurationMillis(s.duration("tributary.cluster.kubernetes.lease-duration", Duration.ofSeconds(15)).toMillis());
        k.setRenewDeadlineMillis(s.duration("tributary.cluster.kubernetes.renew-deadline", Duration.ofSeconds(10)).toMillis());
        k.setRetryPeriodMillis(s.duration("tributary.cluster.kubernetes.retry-period", Duration.ofSeconds(2)).toMillis());
        return k;
    }

    /** The namespaces of the context's {@code master:} routes: one per provider that is called. */
    public static java.util.SortedSet<String> namespaces(CamelContext context) {
        java.util.SortedSet<String> namespaces = new java.util.TreeSet<>();
        for (Route r : context.getRoutes()) {
            if (r.getEndpoint() instanceof MasterEndpoint m) {
                namespaces.add(m.getNamespace());
            }
        }
        return namespaces;
    }
}
