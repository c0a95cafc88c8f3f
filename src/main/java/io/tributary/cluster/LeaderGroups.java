package io.tributary.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.tributary.kafka.KafkaSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Who the other members of an election are and which one leads, as the group coordinator
 * describes them. Only health details ask, so answers are cached for a few seconds and a
 * failure answers "unknown" rather than blocking a health check.
 */
final class LeaderGroups implements AutoCloseable {

    private static final long CACHE_MILLIS = 3000;

    private record Described(long at, List<MemberDescription> members) {
    }

    private final KafkaSettings kafka;
    private final Map<String, Described> cache = new ConcurrentHashMap<>();
    private Admin admin;

    LeaderGroups(KafkaSettings kafka) {
        this.kafka = kafka;
    }

    Optional<String> leaderOf(String group, TopicPartition partition) {
        return describe(group).stream().filter(m -> m.assignment().topicPartitions().contains(partition))
                .map(MemberDescription::clientId).findFirst();
    }

    List<String> membersOf(String group) {
        return describe(group).stream().map(MemberDescription::clientId).sorted().toList();
    }

    private List<MemberDescription> describe(String group) {
        long now = System.currentTimeMillis();
        Described d = cache.get(group);
        if (d != null && now - d.at() < CACHE_MILLIS) {
            return d.members();
        }
        List<MemberDescription> members;
        try {
            ConsumerGroupDescription g = admin().describeConsumerGroups(List.of(group)).describedGroups().get(group)
                    .get(2, TimeUnit.SECONDS);
            members = List.copyOf(g.members());
        } catch (Exception e) {
            members = List.of();
        }
        cache.put(group, new Described(now, members));
        return members;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(kafka.clientProperties());
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
