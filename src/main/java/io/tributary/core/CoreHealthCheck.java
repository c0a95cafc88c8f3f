package io.tributary.core;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The core's state in health. Liveness: DOWN only when the topology is in ERROR (a restart is
 * the cure). Readiness does not depend on it: webhooks need only the inbox, and a rebalance is
 * routine. The details name the partitions this instance owns.
 */
public final class CoreHealthCheck extends AbstractHealthCheck {

    private final StreamsCore core;

    public CoreHealthCheck(StreamsCore core) {
        super("tributary", "core");
        this.core = core;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        KafkaStreams.State state = core.state();
        builder.detail("state", state.name());
        builder.detail("application.id", core.settings().applicationId());
        builder.detail("partitions", String.join(",", core.ownedPartitions()));
        builder.detail("replaced.threads", core.replacedThreads());
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
            builder.message("The exactly-once core stopped in " + state + "; restart the instance");
            builder.down();
        } else {
            builder.up();
        }
    }
}
