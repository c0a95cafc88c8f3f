package io.tributary.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.tributary.testing.ChildTributary;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TopicTail;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas on one broker share the core. Each notification is posted to both at the same
 * moment (a provider retrying through a load balancer), and one replica is killed with SIGKILL
 * half-way: the survivor takes over its inbox partitions, and every event is published once.
 */
class TwoReplicasIntegrationTest {

    private static final String SECRET = "replica-secret";
    private static final int TOTAL = 1000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<ChildTributary> replicas = new ArrayList<>();
    private TopicTail tail;

    @AfterEach
    void tearDown() throws Exception {
        if (tail != null) {
            tail.close();
        }
        for (ChildTributary r : replicas) {
            r.close();
        }
    }

    @Test
    void should_publish_each_event_once_when_posted_to_both_replicas_and_one_dies() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "replicas-thirdfort-" + run;
        String app = "replicas-" + run;
        Map<String, String> props = new HashMap<>();
        props.put("tributary.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        props.put("tributary.kafka.application-id", app);
        props.put("tributary.kafka.inbox-topic", "replicas-inbox-" + run);
        props.put("tributary.kafka.cursor-topic", "replicas-cursors-" + run);
        props.put("tributary.kafka.deadletter-topic", "replicas-dlq-" + run);
        props.put("tributary.kafka.partitions", "4");
        // The survivor takes the dead replica's partitions once its session lapses: the broker's
        // smallest session (group.min.session.timeout.ms, 6 s) instead of the default 10 s.
        props.put("tributary.core.session-timeout", "6s");
        props.put("tributary.thirdfort.topic", topic);
        props.put("tributary.thirdfort.webhook-secret", SECRET);
        for (String name : List.of("a", "b")) {
            Map<String, String> own = new HashMap<>(props);
            own.put("tributary.data-dir", Files.createTempDirectory("replica-" + name).toString());
            replicas.add(new ChildTributary("replica-" + name, own).start());
        }
        ChildTributary a = replicas.get(0);
        ChildTributary b = replicas.get(1);
        tail = new TopicTail(TestKafka.bootstrapServers(), topic);

        Semaphore window = new Semaphore(16);
        List<CompletableFuture<Void>> deliveries = new ArrayList<>();
        for (int i = 0; i < TOTAL; i++) {
            if (i == TOTAL / 2) {
                for (CompletableFuture<Void> d : deliveries) {
                    d.join(); // the first half is accepted by both...
                }
                a.kill(); // ...then one replica dies mid-stream, owning some inbox partitions
            }
            window.acquire();
            byte[] body = notification(run, i);
            CompletableFuture<Void> delivered = CompletableFuture.allOf(post(a, body), post(b, body))
                    .whenComplete((v, e) -> window.release());
            deliveries.add(delivered);
        }
        CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).join();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> tail.count() >= TOTAL);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> KafkaRecords.consumed(TestKafka.bootstrapServers(), app, "replicas-inbox-" + run));
        List<String> ids = tail.ids();
        System.out.printf("two replicas: %d notifications posted to both, replica a killed after %d: %d published, %d distinct%n",
                TOTAL, TOTAL / 2, ids.size(), Set.copyOf(ids).size());
        assertEquals(TOTAL, Set.copyOf(ids).size(), "lost events");
        assertEquals(TOTAL, ids.size(), "duplicated events");
    }

    /** One copy of the delivery; a refused connection (the dead replica) is retried on the other, like a load balancer. */
    private CompletableFuture<Void> post(ChildTributary target, byte[] body) {
        return send(target, body).thenCompose(code -> code == 200 ? CompletableFuture.<Void>completedFuture(null)
                : send(replicas.get(1), body).thenAccept(retry -> {
                    if (retry != 200) {
                        throw new IllegalStateException("delivery refused with " + retry);
                    }
                }));
    }

    private static CompletableFuture<Integer> send(ChildTributary target, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.webhookUrl("thirdfort"))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("x-thirdfort-signature", ProviderSigning.thirdfort(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> e == null ? r.statusCode() : -1);
    }

    private static byte[] notification(String run, int i) {
        String id = run + "-" + i;
        return ("{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C" + (i % 13)
                + "\",\"state\":\"COMPLETE\"}}").getBytes(StandardCharsets.UTF_8);
    }
}
