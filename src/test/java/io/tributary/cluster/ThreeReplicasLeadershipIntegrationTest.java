package io.tributary.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.tributary.sandbox.AlcmeonSimulator;
import io.tributary.testing.ChildTributary;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TestKafka;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TopicTail;
import io.tributary.sandbox.ZenooSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three replicas on one broker, each with the Thirdfort and Alcmeon pollers configured against
 * simulators that count calls. Only the elected replica calls each provider: Thirdfort's pages are
 * read once, and Alcmeon's limit of 15 calls a minute holds (0 × 429). The Thirdfort leader is
 * then killed with SIGKILL and new notifications appear: another replica publishes them within
 * 30 s, exactly once. A Zenoo ping sent to a replica that does not lead Zenoo is pulled by the
 * leader alone. Finally the Thirdfort leader is stopped with SIGTERM: it hands over in under 5 s.
 */
class ThreeReplicasLeadershipIntegrationTest {

    private static final int FIRST = 300;
    private static final int LATER = 60;
    private static final int PAGE = 20;
    private static final int ACTIONS = 40;
    private static final String ZENOO_SECRET = "zenoo-leaders-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<ChildTributary> replicas = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ChildTributary r : replicas) {
            r.close();
        }
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void should_call_each_provider_from_one_replica_and_fail_over() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ThirdfortSimulator thirdfort = closing(new ThirdfortSimulator());
        // Tributary's budget is 15 calls per 60 s, counted when a call is taken; the simulator counts 15
        // per 58 s of arrivals, so a first call that arrived late on a loaded machine is no 429, while a
        // new leader with a fresh budget (15 calls within seconds of the old leader's) still is.
        AlcmeonSimulator alcmeon = closing(new AlcmeonSimulator(15, Duration.ofSeconds(58)));
        ZenooSimulator zenoo = closing(new ZenooSimulator());
        thirdfort.add(FIRST);
        for (int i = 0; i < ACTIONS; i++) {
            alcmeon.add();
        }
        Map<String, String> props = new HashMap<>(thirdfort.pollerSettings());
        props.put("tributary.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        props.put("tributary.kafka.application-id", "leaders-" + run);
        props.put("tributary.kafka.inbox-topic", "leaders-inbox-" + run);
        props.put("tributary.kafka.cursor-topic", "leaders-cursors-" + run);
        props.put("tributary.kafka.deadletter-topic", "leaders-dlq-" + run);
        props.put("tributary.cluster.topic", "leaders-" + run);
        props.put("tributary.kafka.partitions", "3");
        props.put("tributary.thirdfort.topic", "leaders-thirdfort-" + run);
        props.put("tributary.thirdfort.page-size", String.valueOf(PAGE));
        props.put("tributary.thirdfort.poll-interval", "1s");
        props.put("tributary.alcmeon.topic", "leaders-alcmeon-" + run);
        props.put("tributary.alcmeon.base-url", alcmeon.baseUrl());
        props.put("tributary.alcmeon.instance-id", AlcmeonSimulator.INSTANCE);
        props.put("tributary.alcmeon.application-secret", AlcmeonSimulator.SECRET);
        props.put("tributary.alcmeon.poll-interval", "1s");
        props.put("tributary.management.exposure-level", "full");
        // A crash fails over after the session; a SIGTERM must hand over well before it. 20 s leaves
        // that check a wide margin on a loaded machine (the default 10 s left 5 s).
        props.put("tributary.cluster.session-timeout", "20s");
        props.put("tributary.zenoo.topic", "leaders-zenoo-" + run);
        props.put("tributary.zenoo.pending-topic", "leaders-zenoo-pending-" + run);
        props.put("tributary.zenoo.store-topic", "leaders-zenoo-tokens-" + run);
        props.put("tributary.zenoo.webhook-secret", ZENOO_SECRET);
        props.put("tributary.zenoo.api-key", ZenooSimulator.API_KEY);
        props.put("tributary.zenoo.base-url", zenoo.baseUrl());
        props.put("tributary.zenoo.fast-interval", "300ms"); // the 1 s tick paces the pulls
        for (String name : List.of("a", "b", "c")) {
            Map<String, String> own = new HashMap<>(props);
            own.put("tributary.cluster.member-id", "member-" + name);
            own.put("tributary.data-dir", Files.createTempDirectory("leaders-" + name).toString());
            replicas.add(new ChildTributary("leaders-" + name, own).start());
        }
        TopicTail thirdfortEvents = closing(new TopicTail(TestKafka.bootstrapServers(), "leaders-thirdfort-" + run));
        TopicTail alcmeonEvents = closing(new TopicTail(TestKafka.bootstrapServers(), "leaders-alcmeon-" + run));

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> thirdfortEvents.count() >= FIRST && alcmeonEvents.count() >= ACTIONS);
        ChildTributary leader = await().atMost(Duration.ofSeconds(30)).until(() -> soleLeader("thirdfort"), Optional::isPresent).get();
        int servedBeforeKill = thirdfort.served();
        System.out.printf("three replicas: %d Thirdfort notifications served for %d published (page %d); %d Alcmeon calls, %d answered 429%n",
                servedBeforeKill, thirdfortEvents.count(), PAGE, alcmeon.requests(), alcmeon.rateLimited());
        assertTrue(servedBeforeKill <= FIRST + PAGE, "each Thirdfort page read once, not by every replica: " + servedBeforeKill);

        ChildTributary follower = replicas.stream().filter(r -> r != leader).findFirst().orElseThrow();
        String leaderId = "member-" + leader.name().substring("leaders-".length());
        // A follower learns the leader from the election group's description, refreshed in the background:
        // on a loaded machine its first look can still say "none".
        String health = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(follower::health, h -> h.contains("\"thirdfort.leader\":\"" + leaderId + "\""));
        assertTrue(health.contains("\"thirdfort.local\":false"), health);
        // Replica a started alone, so it leads both: killing it also moves Alcmeon's budget to a new leader.
        assertEquals(leader, soleLeader("alcmeon").orElse(null), "the first replica leads every provider");
        await().atMost(Duration.ofSeconds(60)).until(() -> alcmeon.requests() >= 15); // the window is full: a fresh budget would overrun it
        leader.kill();
        thirdfort.add(LATER);
        long killed = System.nanoTime();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> thirdfortEvents.count() >= FIRST + LATER);
        System.out.printf("three replicas: SIGKILL of the Thirdfort leader %s, the new notifications published %d ms later%n",
                leader.name(), (System.nanoTime() - killed) / 1_000_000);

        // A Zenoo ping to a replica that does not lead Zenoo: the leader pulls the token, alone.
        ChildTributary zenooLeader = await().atMost(Duration.ofSeconds(30)).until(() -> soleLeader("zenoo"), Optional::isPresent).get();
        ChildTributary pinged = replicas.stream().filter(r -> r != zenooLeader && r.running()).findFirst().orElseThrow();
        String token = "tok-" + run;
        zenoo.script(token, "ref-" + run, 202, 202, 202, 202, 202, 200);
        assertEquals(200, ping(pinged, token).statusCode());
        TopicTail zenooEvents = closing(new TopicTail(TestKafka.bootstrapServers(), "leaders-zenoo-" + run));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> zenooEvents.count() >= 1);
        List<Instant> pulls = zenoo.callTimes(token);
        long closest = java.util.stream.IntStream.range(1, pulls.size())
                .mapToLong(i -> Duration.between(pulls.get(i - 1), pulls.get(i)).toMillis()).min().orElse(-1);
        System.out.printf("three replicas: Zenoo token registered on %s, pulled %d times by the leader %s, closest pulls %d ms apart%n",
                pinged.name(), pulls.size(), zenooLeader.name(), closest);
        assertEquals(6, pulls.size(), "pulled until its result, by one replica");
        assertTrue(closest >= 600, "never pulled twice in parallel (one puller on a 1 s tick): " + closest + " ms");
        assertEquals(1, zenooEvents.ids().size(), "one result event");

        ChildTributary next = await().atMost(Duration.ofSeconds(30)).until(() -> soleLeader("thirdfort"), Optional::isPresent).get();
        long stopping = System.nanoTime();
        next.terminate();
        ChildTributary third = await().atMost(Duration.ofSeconds(12)).pollInterval(Duration.ofMillis(100)) // the session is 20 s
                .until(() -> replicas.stream().filter(r -> r != next && r.metric("tributary_leader", "provider=\"thirdfort\"") == 1.0)
                        .findFirst(), Optional::isPresent).get();
        System.out.printf("three replicas: SIGTERM to %s, %s leads Thirdfort %d ms later%n",
                next.name(), third.name(), (System.nanoTime() - stopping) / 1_000_000);
        next.stop(Duration.ofSeconds(30));

        List<String> ids = thirdfortEvents.ids();
        assertEquals(FIRST + LATER, Set.copyOf(ids).size(), "lost Thirdfort events");
        assertEquals(FIRST + LATER, ids.size(), "duplicated Thirdfort events");
        List<String> actions = alcmeonEvents.ids();
        assertEquals(ACTIONS, Set.copyOf(actions).size(), "lost Alcmeon events");
        assertEquals(ACTIONS, actions.size(), "duplicated Alcmeon events");
        System.out.printf("three replicas: %d Alcmeon calls in all, %d answered 429%n", alcmeon.requests(), alcmeon.rateLimited());
        assertEquals(0, alcmeon.rateLimited(), "Alcmeon's limit is one budget across replicas, also after fail-over");
    }

    private static HttpResponse<String> ping(ChildTributary target, String token) throws Exception {
        byte[] ping = ("{\"pull_token\":\"" + token + "\",\"external_reference\":\"ref-" + token + "\"}").getBytes(StandardCharsets.UTF_8);
        String sig = ProviderSigning.zenoo(ZENOO_SECRET, ping);
        return HTTP.send(HttpRequest.newBuilder(URI.create(target.webhookUrl("zenoo"))).header("Content-Type", "application/json")
                .header("X-Zenoo-Signature", sig).POST(HttpRequest.BodyPublishers.ofByteArray(ping)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The one live replica that reports {@code tributary_leader{provider}} = 1, when exactly one does. */
    private Optional<ChildTributary> soleLeader(String provider) {
        List<ChildTributary> leaders = replicas.stream().filter(r -> r.metric("tributary_leader", "provider=\"" + provider + "\"") == 1.0).toList();
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }
}
