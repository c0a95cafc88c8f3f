package io.tributary.cluster;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

import io.tributary.kafka.KafkaSettings;
import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * Leader election where Kafka is the only infrastructure (a laptop with the embedded broker,
 * docker-compose, bare VMs): each namespace is a consumer group on one small topic, and the
 * member assigned its single partition leads (see {@link KafkaLeaderView}).
 */
public final class KafkaClusterService extends AbstractCamelClusterService<KafkaLeaderView> {

    /**
     * @param topic          the one-partition topic every group subscribes to (nothing is written to it)
     * @param groupPrefix    a namespace's group is this plus the namespace, e.g. {@code tributary.leader.thirdfort}
     * @param memberId       this replica's name in health and logs (the consumers' client id)
     * @param sessionTimeout how long a silent leader keeps leading: the fail-over time after a SIGKILL
     */
    public record Settings(String topic, String groupPrefix, String memberId, Duration sessionTimeout) {
    }

    private final KafkaSettings kafka;
    private final Settings settings;
    private final CompletionStage<?> topicReady;
    private final LeaderGroups groups;

    /** @param topicReady completes once the topic exists: until then nobody leads */
    public KafkaClusterService(KafkaSettings kafka, Settings settings, CompletionStage<?> topicReady) {
        super("kafka");
        this.kafka = kafka;
        this.settings = settings;
        this.topicReady = topicReady;
        this.groups = new LeaderGroups(kafka);
    }

    @Override
    protected KafkaLeaderView createView(String namespace) {
        return new KafkaLeaderView(this, namespace, topicReady);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        groups.close();
    }

    Settings settings() {
        return settings;
    }

    KafkaSettings kafka() {
        return kafka;
    }

    LeaderGroups groups() {
        return groups;
    }
}
