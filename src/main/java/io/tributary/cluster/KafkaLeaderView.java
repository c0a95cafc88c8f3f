package io.tributary.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of leadership: a consumer in its own group subscribes to a one-partition topic,
 * and the member that is assigned the partition leads. Nothing is ever written to the topic; the
 * group coordinator does the election, so a SIGKILLed leader is replaced after its session
 * times out and a leader that stops cleanly leaves the group, which hands over at once.
 *
 * <p>The cooperative sticky assignor keeps the partition where it is when replicas join, so a
 * new replica does not move leadership. A leader that has not heartbeated for a session steps
 * down by itself: the coordinator has given the partition to someone else by then.
 */
final class KafkaLeaderView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaLeaderView.class);
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final KafkaClusterService service;
    private final CompletionStage<?> topicReady;
    private final TopicPartition partition;
    private final LeaderMember local;
    private volatile boolean assigned;
    private volatile boolean leader;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    /** The consumer's own "last-heartbeat-seconds-ago" gauge; only the view's thread reads it. */
    private Metric heartbeatAge;
    private Thread thread;

    KafkaLeaderView(KafkaClusterService service, String namespace, CompletionStage<?> topicReady) {
        super(service, namespace);
        this.service = service;
        this.topicReady = topicReady;
        this.partition = new TopicPartition(service.settings().topic(), 0);
        this.local = LeaderMember.local(service.settings().memberId(), () -> leader);
    }

    String group() {
        return service.settings().groupPrefix() + getNamespace();
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        return leader ? Optional.of(local) : service.groups().leaderOf(group(), partition).map(id -> LeaderMember.remote(id, true));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return local;
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        return service.groups().membersOf(group()).stream()
                .map(id -> (CamelClusterMember) (id.equals(local.getId()) ? local : LeaderMember.remote(id, false))).toList();
    }

    @Override
    protected void doStart() {
        running = true;
        thread = new Thread(this::run, "tributary-leader-" + getNamespace());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(service.settings().sessionTimeout().toMillis());
        }
    }

    private void run() {
        while (running && !awaitTopic()) {
            // Kafka has not answered yet: a replica without Kafka cannot lead (its cursors live there)
        }
        int failures = 0;
        while (running) {
            try {
                elect();
            } catch (WakeupException e) {
                return; // doStop() asked us to leave
            } catch (RuntimeException e) {
                // e.g. no ACL on the group: say it once loudly, then retry quietly, never lead meanwhile
                if (failures++ == 0) {
                    LOG.error("The election for {} failed: {}; retrying every {} s, this replica does not lead it meanwhile",
                            getNamespace(), e.toString(), RETRY.toSeconds());
                } else {
                    LOG.debug("The election for {} failed again: {}", getNamespace(), e.toString());
                }
                pause();
            }
        }
    }

    /** One membership: join, lead while assigned, and leave the group (at once) however it ends. */
    private void elect() {
        try {
            consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            heartbeatAge = null;
            consumer.subscribe(List.of(partition.topic()), new Assignments());
            LOG.info("Joined the election for {} as {} (group {})", getNamespace(), local.getId(), group());
            while (running) {
                consumer.poll(Duration.ofMillis(200));
                update();
            }
        } finally {
            assigned = false;
            update();
            if (consumer != null) {
                consumer.close(Duration.ofSeconds(5)); // leaves the group: another replica takes over now
                consumer = null;
            }
        }
    }

    private void pause() {
        long until = System.nanoTime() + RETRY.toNanos();
        while (running && System.nanoTime() < until) {
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // short steps, so a stop is not kept waiting
        }
    }

    private boolean awaitTopic() {
        try {
            topicReady.toCompletableFuture().get(1, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private Properties consumerProperties() {
        KafkaClusterService.Settings s = service.settings();
        Properties p = service.kafka().clientProperties();
        p.put("group.id", group());
        p.put("client.id", s.memberId());
        p.put("enable.auto.commit", "false");
        p.put("session.timeout.ms", String.valueOf(s.sessionTimeout().toMillis()));
        p.put("heartbeat.interval.ms", String.valueOf(Math.max(200, s.sessionTimeout().toMillis() / 10)));
        p.put("partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
        return p;
    }

    /** Leads while holding the partition and heartbeating; tells the master consumers when that changes. */
    private synchronized void update() {
        boolean now = running && assigned && heartbeatFresh();
        if (now != leader) {
            leader = now;
            LOG.info("{} {} leadership of {}", local.getId(), now ? "took" : "gave up", getNamespace());
            fireLeadershipChangedEvent(now ? Optional.of(local) : Optional.empty());
        }
    }

    private boolean heartbeatFresh() {
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c == null) {
            return false;
        }
        Metric age = heartbeatAge;
        if (age == null) { // looked up once per consumer: update() runs on every poll
            age = c.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("last-heartbeat-seconds-ago") && e.getKey().group().equals("consumer-coordinator-metrics"))
                    .map(e -> (Metric) e.getValue()).findFirst().orElse(null);
            if (age == null) {
                return true;
            }
            heartbeatAge = age;
        }
        double ago = age.metricValue() instanceof Number n ? n.doubleValue() : 0;
        return Double.isNaN(ago) || ago * 1000 < service.settings().sessionTimeout().toMillis();
    }

    private final class Assignments implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.contains(partition)) {
                assigned = true;
                update();
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.contains(partition)) {
                assigned = false;
                update();
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
