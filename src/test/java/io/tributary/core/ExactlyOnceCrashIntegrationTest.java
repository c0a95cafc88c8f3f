package io.tributary.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.testing.ChildTributary;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TopicTail;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once claim under fire. One Tributary child JVM polls a Thirdfort simulator while a
 * retrying webhook sender posts the same notifications; the child is killed with SIGKILL again
 * and again, and the broker is restarted once mid-flow. Every notification must end up in the
 * events topic exactly once (read_committed). CI runs 3 kills;
 * {@code -Dtributary.test.kills=20} runs the long version.
 */
class ExactlyOnceCrashIntegrationTest {

    private static final String SECRET = "crash-secret";
    private static final String TOPIC = "tributary.events.thirdfort";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int kills = Integer.getInteger("tributary.test.kills", 3);
    private final int total = Integer.getInteger("tributary.test.crash-events", 150 * (kills + 1));
    private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(6);
    private EmbeddedKafkaBroker broker;
    private ThirdfortSimulator sim;
    private ChildTributary child;
    private TopicTail tail;

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        if (tail != null) {
            tail.close();
        }
        if (child != null) {
            child.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void should_publish_each_event_once_across_sigkills_and_a_broker_restart() throws Exception {
        Path kafkaDir = Files.createTempDirectory("crash-kafka");
        int kafkaPort = TributaryApp.freePort();
        int controllerPort = TributaryApp.freePort();
        broker = new EmbeddedKafkaBroker(kafkaDir, kafkaPort, controllerPort).start();
        sim = new ThirdfortSimulator();
        Map<String, String> props = new HashMap<>();
        props.put("tributary.kafka.bootstrap-servers", broker.bootstrapServers());
        props.put("tributary.kafka.partitions", "3");
        props.put("tributary.kafka.publish-timeout", "5s");
        props.put("tributary.data-dir", Files.createTempDirectory("crash-data").toString());
        props.put("tributary.poll.tick", "200ms");
        props.put("tributary.thirdfort.webhook-secret", SECRET);
        props.putAll(sim.pollerSettings());
        props.put("tributary.thirdfort.poll-interval", "500ms");
        props.put("tributary.thirdfort.page-size", "25");
        child = new ChildTributary("crash", props).start();
        tail = new TopicTail(broker.bootstrapServers(), TOPIC);

        // The provider side: notifications appear over time; each is both listed by the API and
        // pushed by a sender that retries until it gets 200, like Thirdfort's own webhooks.
        AtomicInteger added = new AtomicInteger();
        AtomicInteger acknowledged = new AtomicInteger();
        int perTick = Math.max(1, total / ((kills + 1) * 40));
        pool.scheduleAtFixedRate(() -> {
            int from = added.get();
            int n = Math.min(perTick, total - from);
            if (n <= 0) {
                return;
            }
            sim.add(n);
            added.addAndGet(n);
            for (int i = from; i < from + n; i++) {
                int index = i;
                pool.execute(() -> deliver(index, acknowledged));
            }
        }, 0, 150, TimeUnit.MILLISECONDS);

        List<Long> resumeMillis = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            int target = total * k / (kills + 1);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(300)).until(() -> published().size() >= target);
            child.kill();
            long killedAt = System.nanoTime();
            int before = published().size();
            child.start();
            if (k == (kills + 1) / 2) {
                broker.close(); // once, mid-flow: the broker itself goes away and comes back with its data
                broker = new EmbeddedKafkaBroker(kafkaDir, kafkaPort, controllerPort).start();
            }
            if (before < total) {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> published().size() > before);
                resumeMillis.add((System.nanoTime() - killedAt) / 1_000_000);
            }
        }

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> acknowledged.get() == total && published().size() >= total);
        String group = "tributary";
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> KafkaRecords.consumed(broker.bootstrapServers(), group, "tributary.inbox"));
        List<String> ids = published();
        Set<String> distinct = Set.copyOf(ids);
        System.out.printf("crash test: %d kills + 1 broker restart, %d notifications by webhook and poll, %d published, "
                        + "%d distinct, %d lost, %d duplicated; output resumed after SIGKILL+restart in %s ms%n",
                kills, total, ids.size(), distinct.size(), total - distinct.size(), ids.size() - distinct.size(), resumeMillis);
        assertEquals(total, distinct.size(), "lost events");
        assertEquals(total, ids.size(), "duplicated events");
    }

    private void deliver(int index, AtomicInteger acknowledged) {
        try {
            byte[] body = sim.notificationBytes(index);
            HttpRequest request = HttpRequest.newBuilder(URI.create(child.webhookUrl("thirdfort"))).timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .header("x-thirdfort-signature", ProviderSigning.thirdfort(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                acknowledged.incrementAndGet();
                return;
            }
        } catch (Exception e) {
            // the child is down or restarting: retry, as the provider would
        }
        if (!pool.isShutdown()) {
            pool.schedule(() -> deliver(index, acknowledged), 300, TimeUnit.MILLISECONDS);
        }
    }

    private List<String> published() {
        return tail.ids();
    }
}
