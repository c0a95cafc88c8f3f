package io.tributary.kafka;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness only: Tributary is ready when Kafka answers. It stays live while Kafka is away, so an
 * orchestrator does not restart it in a loop while it waits for Kafka to return.
 */
public final class KafkaHealthCheck extends AbstractHealthCheck {

    private final TopicProvisioner admin;
    private final String bootstrapServers;

    public KafkaHealthCheck(TopicProvisioner admin, String bootstrapServers) {
        super("tributary", "kafka");
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("bootstrap.servers", bootstrapServers);
        try {
            int nodes = admin.clusterSize(3000);
            builder.detail("brokers", nodes);
            builder.up();
        } catch (Exception e) {
            builder.message("Kafka is not reachable: " + e.getClass().getSimpleName());
            builder.down();
        }
    }
}
