package io.tributary.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.loop.LoopHealth;
import io.tributary.testing.TestKafka;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** A table follower that hits an exception keeps following: health names it meanwhile, and no record is skipped. */
class KafkaTableFollowerTest {

    @Test
    void should_recover_from_a_failing_record_handler_and_name_the_follower_in_health_meanwhile() throws Exception {
        String topic = "it-table-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        LoopHealth health = new LoopHealth(Clock.systemUTC());
        health.setCamelContext(new DefaultCamelContext());
        AtomicBoolean broken = new AtomicBoolean(true);
        List<String> applied = new CopyOnWriteArrayList<>();
        KafkaTable.Listener handler = (key, value, ts) -> {
            if (broken.get()) {
                throw new IllegalStateException("handler broke on " + key);
            }
            applied.add(key + "=" + value);
        };
        try (KafkaTable table = new KafkaTable(settings(), topic, handler, health::report)
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).start()) {
            table.put("k1", "v1");
            table.put("k2", "v2");
            await().atMost(Duration.ofSeconds(20)).until(() -> health.call(Map.of()).getState() == HealthCheck.State.DOWN);
            HealthCheck.Result failing = health.call(Map.of());
            assertEquals("Failing: kafka-table:" + topic, failing.getMessage().orElseThrow());
            assertEquals("IllegalStateException: handler broke on k1", failing.getDetails().get("kafka-table:" + topic + ".error"));
            assertEquals(List.of(), applied);

            broken.set(false);
            await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 2);
            await().atMost(Duration.ofSeconds(5)).until(() -> health.call(Map.of()).getState() == HealthCheck.State.UP);
            assertEquals(List.of("k1=v1", "k2=v2"), applied, "the failed record was read again, and none after it skipped");
            table.put("k3", "v3");
            await().atMost(Duration.ofSeconds(20)).until(() -> applied.size() == 3);
            assertEquals(List.of("k1=v1", "k2=v2", "k3=v3"), applied);
        }
    }

    private static KafkaSettings settings() {
        return new KafkaSettings(TestKafka.bootstrapServers(), Map.of(), Duration.ofSeconds(10), 1, (short) 1, "unused.inbox", Duration.ofMillis(2),
                "unused.cursors", "unused.deadletter", false, 1, 1024 * 1024 + 65536);
    }
}
