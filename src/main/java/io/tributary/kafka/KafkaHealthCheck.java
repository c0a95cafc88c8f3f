package io.tributary.kafka;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Whether Kafka answers, shown in {@code /observe/health} but part of neither readiness nor
 * liveness. Liveness: restarting does not bring Kafka back. Readiness: a Kafka outage is shared
 * by every replica, so taking this one out of the Service helps no provider that retries (they
 * get 503 everywhere), and it would turn away the deliveries of providers that never retry,
 * which this instance still accepts into its spool. The exception: start-up failed for good
 * (e.g. a missing topic with {@code tributary.kafka.create-topics=false}); then it is DOWN and
 * part of liveness.
 */
public final class KafkaHealthCheck extends AbstractHealthCheck {

    private final TopicProvisioner admin;
    private final String bootstrapServers;
    private final KafkaStartup startup;

    public KafkaHealthCheck(TopicProvisioner admin, String bootstrapServers, KafkaStartup startup) {
        super("tributary", "kafka");
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.startup = startup;
    }

    @Override
    public boolean isLiveness() {
        // Only once start-up failed for good (a required topic is missing): a restart then fails
        // at once with the same message, instead of running without ever publishing.
        return startup.fatal() != null;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("bootstrap.servers", bootstrapServers);
        FatalStartupException fatal = startup.fatal();
        if (fatal != null) {
            builder.detail("startup.failed", fatal.getMessage());
            builder.message("Start-up failed and will not be retried: " + fatal.getMessage());
            builder.down();
            return;
        }
        String waiting = startup.status();
        if (waiting != null) {
            builder.detail("startup.waiting.for", waiting);
        }
        try {
            int nodes = admin.clusterSize(3000);
            builder.detail("brokers", nodes);
            if (waiting != null) {
                builder.message("Kafka answers; start-up still completing: " + waiting);
            }
            builder.up();
        } catch (Exception e) {
            builder.message("Kafka is not reachable (" + e.getClass().getSimpleName()
                    + "): durable providers accept into the spool, other webhooks get 503");
            builder.down();
        }
    }
}
