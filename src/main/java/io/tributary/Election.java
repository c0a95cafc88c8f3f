package io.tributary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import io.tributary.cluster.ClusterServices;
import io.tributary.cluster.LeadershipHealthCheck;
import io.tributary.config.Settings;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.core.CoreSettings;
import io.tributary.kafka.KafkaSettings;
import io.tributary.core.StreamsCore;
import io.tributary.kafka.TopicProvisioner;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * One leader per provider for the routes that call providers ({@code master:} endpoints): the
 * cluster service, the topic a Kafka election needs (elections start once it exists), a leader
 * gauge per provider and the leadership health check.
 */
final class Election {

    private final CompletableFuture<Void> topicReady = new CompletableFuture<>();
    private final boolean onKafka;
    private final String topic;
    private final Optional<CamelClusterService> service;

    /** @param core the core's settings, whose instance id names this member; null when the core is off */
    Election(CamelContext context, Settings s, KafkaSettings kafka, CoreSettings core) throws Exception {
        onKafka = ClusterServices.kind(s).equals("kafka");
        topic = ClusterServices.topic(s);
        service = ClusterServices.create(s, kafka,
                s.string("tributary.kafka.application-id", "tributary"),
                () -> s.optional("tributary.cluster.member-id").orElseGet(() -> core == null ? StreamsCore.randomInstanceId()
                        : core.instanceId().orElseGet(StreamsCore::randomInstanceId)),
                topicReady);
        if (service.isPresent()) {
            context.addService(service.get());
        }
    }

    /** Creates the election topic (only elections use it: nothing is ever written). */
    void ensureTopic(TopicProvisioner topics) {
        if (onKafka) {
            topics.ensure(topic, 1, Map.of());
        }
    }

    /** The topics that must exist, with the election's. */
    List<String> required(List<String> required) {
        if (!onKafka) {
            return required;
        }
        List<String> all = new ArrayList<>(required);
        all.add(topic);
        return all;
    }

    /** The topics exist: elections may begin. */
    void topicsReady() {
        topicReady.complete(null);
    }

    /** Once the routes exist: a leader gauge per provider called by a {@code master:} route. */
    void registerGauges(CamelContext started, TributaryMetrics metrics) {
        service.ifPresent(c -> ClusterServices.namespaces(started).forEach(provider ->
                metrics.gauge("tributary.leader", provider, () -> c.isLeader(provider) ? 1 : 0)));
    }

    void bindHealth(CamelContext context) {
        service.ifPresent(c -> context.getRegistry().bind("leadershipHealthCheck", new LeadershipHealthCheck(c)));
    }

    /**
     * Whether this replica leads {@code provider}'s election. Only the master: routes' namespaces are
     * asked: asking about another provider would join its election.
     */
    boolean leads(CamelContext context, String provider) {
        return service.isPresent() && ClusterServices.namespaces(context).contains(provider) && service.get().isLeader(provider);
    }

    void registerHealth(CamelContext context, HealthCheckRegistry health) {
        service.ifPresent(c -> health.register(context.getRegistry().lookupByName("leadershipHealthCheck")));
    }
}
