package io.tributary.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Names the leader of each provider (each namespace of the {@code master:} routes), and whether
 * it is this replica. Informational: a replica that does not lead is healthy, and while Kafka
 * elects, nobody leads for a few seconds; neither fails readiness nor liveness.
 */
public final class LeadershipHealthCheck extends AbstractHealthCheck {

    private final CamelClusterService service;

    public LeadershipHealthCheck(CamelClusterService service) {
        super("tributary", "leaders");
        this.service = service;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("service", service.getId());
        for (String namespace : new TreeSet<>(service.getNamespaces())) {
            builder.detail(namespace + ".leader", leader(namespace).orElse("none"));
            builder.detail(namespace + ".local", service.isLeader(namespace));
        }
        builder.up();
    }

    private Optional<String> leader(String namespace) {
        try {
            CamelClusterView view = service.getView(namespace);
            try {
                return view.getLeader().map(CamelClusterMember::getId);
            } finally {
                service.releaseView(view);
            }
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
