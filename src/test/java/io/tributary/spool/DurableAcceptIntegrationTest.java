package io.tributary.spool;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.testing.AnswerTimes;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Providers that never retry: with Kafka down, every delivery still gets its 2xx within the
 * provider's deadline, and after Kafka returns, or after a kill -9 and a restart, every event is in
 * Kafka exactly once. This test owns its broker, so it can stop it.
 */
class DurableAcceptIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALCMEON_SECRET = "durable-alcmeon";
    private static final byte[] STS_KEY = "durable-sts-key-0123456789abcdef!".getBytes(StandardCharsets.UTF_8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Path kafkaDir;
    private int kafkaPort;
    private int controllerPort;
    private EmbeddedKafkaBroker broker;
    private TributaryApp app;
    private Process child;
    private Map<String, String> props;

    @BeforeEach
    void setUp() throws Exception {
        kafkaDir = Files.createTempDirectory("tributary-durable-kafka");
        kafkaPort = TributaryApp.freePort();
        controllerPort = TributaryApp.freePort();
        broker = new EmbeddedKafkaBroker(kafkaDir, kafkaPort, controllerPort).start();
        props = new HashMap<>();
        props.put("tributary.kafka.bootstrap-servers", broker.bootstrapServers());
        props.put("tributary.kafka.publish-timeout", "2s");
        props.put("tributary.kafka.partitions", "1");
        props.put("tributary.data-dir", Files.createTempDirectory("tributary-durable-data").toString());
        props.put("tributary.spool.drain-interval", "100ms");
        props.put("tributary.alcmeon.webhook-secret", ALCMEON_SECRET);
        props.put("tributary.sts-gen2.keys", "k1=" + Base64.getEncoder().encodeToString(STS_KEY));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.destroyForcibly().waitFor();
        }
        if (app != null) {
            app.close();
        }
        broker.close();
    }

    private static byte[] alcmeonBody(int id) {
        return ("{\"id\":" + (1000 + id) + ",\"action\":{\"id\":" + id + ",\"type\":\"answer\",\"date\":\"2024-01-22\",\"time\":\"13:05:41\","
                + "\"task\":{\"conversation_id\":\"conv-" + id + "\"},\"account\":{\"id\":301}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] stsBatch(int batch) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < 5; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"b").append(batch).append("-m").append(i)
                    .append("\",\"creationDate\":\"2021-08-13T15:40:43Z\",\"messageType\":{\"id\":\"CheckNotification\"},\"resource\":{\"orgShortName\":\"tfoinc\"}}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Posts and returns the status, failing if the provider's deadline was missed. */
    private static int post(String webhookUrl, byte[] body, Map<String, String> headers, Duration deadline) throws Exception {
        return send(webhookUrl, body, headers, deadline).statusCode();
    }

    private static HttpResponse<String> send(String webhookUrl, byte[] body, Map<String, String> headers, Duration deadline) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webhookUrl)).timeout(deadline).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int postAlcmeon(String baseUrl, int id) throws Exception {
        return sendAlcmeon(baseUrl, id).statusCode();
    }

    static HttpResponse<String> sendAlcmeon(String baseUrl, int id) throws Exception {
        byte[] body = alcmeonBody(id);
        String sig = ProviderSigning.alcmeon(ALCMEON_SECRET, "/webhooks/alcmeon", body);
        // Alcmeon's 1 s is asserted on the server's timer (AnswerTimes); this client only must not hang.
        return send(baseUrl + "/webhooks/alcmeon", body, Map.of("X-Alcmeon-Webhook-Signature", sig), Duration.ofSeconds(30));
    }

    private String baseUrl() {
        return app.webhookUrl("").replaceAll("/webhooks/$", "");
    }

    private SpoolSteps spoolSteps() {
        return app.context().getRegistry().lookupByNameAndType("spool", SpoolSteps.class);
    }

    private static int postSts(String baseUrl, int batch) throws Exception {
        byte[] body = stsBatch(batch);
        String digest = ProviderSigning.stsGen2(STS_KEY, body);
        return post(baseUrl + "/webhooks/sts-gen2", body, Map.of("Digest", digest, "Key-Id", "k1"), Duration.ofSeconds(30));
    }

    private List<String> ids(String topic) {
        return KafkaRecords.readAll(broker.bootstrapServers(), topic).stream().map(r -> {
            try {
                return JSON.readTree(r.value()).get("id").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).sorted().collect(Collectors.toList());
    }

    private long spooled() throws Exception {
        Path spool = Path.of(props.get("tributary.data-dir"), "spool");
        if (!Files.exists(spool)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(spool)) {
            return s.filter(p -> p.toString().endsWith(".delivery")).count();
        }
    }

    private void restartBroker() {
        broker = new EmbeddedKafkaBroker(kafkaDir, kafkaPort, controllerPort).start();
    }

    private void assertAllLandedOnce(int alcmeon, int stsBatches) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> ids("tributary.events.alcmeon").size() >= alcmeon
                && ids("tributary.events.sts-gen2").size() >= stsBatches * 5 && spooled() == 0);
        List<String> a = ids("tributary.events.alcmeon");
        assertEquals(alcmeon, a.size());
        assertEquals(alcmeon, a.stream().distinct().count(), "no duplicates");
        List<String> s = ids("tributary.events.sts-gen2");
        assertEquals(stsBatches * 5, s.size());
        assertEquals(stsBatches * 5, s.stream().distinct().count(), "no duplicates");
    }

    /**
     * The outage lasts {@code -Dtributary.test.outage} (default 3s; the figure is 60s:
     * {@code mvn test -Dtest=DurableAcceptIntegrationTest -Dtributary.test.outage=60s}), with both
     * providers sending all along.
     */
    @Test
    void should_answer_within_the_deadline_while_kafka_is_down_and_publish_once_it_returns() throws Exception {
        Duration outage = io.tributary.config.Settings.parseDuration(System.getProperty("tributary.test.outage", "3s"));
        app = TributaryApp.start(props);
        String base = app.webhookUrl("").replaceAll("/webhooks/$", "");
        assertEquals(200, postAlcmeon(base, 1));
        broker.close();
        long end = System.nanoTime() + outage.toNanos();
        int alcmeon = 1;
        int sts = 0;
        long slowestMs = 0;
        while (System.nanoTime() < end || alcmeon < 20) {
            long t0 = System.nanoTime();
            assertEquals(200, postAlcmeon(base, ++alcmeon), "Alcmeon delivery " + alcmeon + " within 1 s with Kafka down");
            if (alcmeon % 10 == 0) {
                assertEquals(200, postSts(base, ++sts), "STS Gen2 batch " + sts + " within 15 s with Kafka down");
            }
            slowestMs = Math.max(slowestMs, (System.nanoTime() - t0) / 1_000_000);
        }
        System.out.printf("durable accept: Kafka down %s, %d Alcmeon deliveries and %d STS Gen2 batches answered 200, slowest %d ms (client side)%n",
                outage, alcmeon - 1, sts, slowestMs);
        int alcmeonAnswers = alcmeon;
        int stsAnswers = sts;
        await().atMost(Duration.ofSeconds(10)).until(() -> AnswerTimes.of(app, "alcmeon").answered() == alcmeonAnswers
                && AnswerTimes.of(app, "sts-gen2").answered() == stsAnswers);
        assertEquals(new AnswerTimes(alcmeon, alcmeon, alcmeon), AnswerTimes.of(app, "alcmeon"), "every Alcmeon answer within its 1 s, on the server");
        assertEquals(stsAnswers, AnswerTimes.of(app, "sts-gen2").withinFifteenSeconds(), "every STS Gen2 answer within its 15 s, on the server");
        assertTrue(spooled() >= alcmeon - 1, "the deliveries wait on disk");
        restartBroker();
        assertAllLandedOnce(alcmeon, sts);
    }

    @Test
    void should_answer_503_not_200_when_the_disk_is_full_and_leave_nothing_behind() throws Exception {
        app = TributaryApp.start(props);
        spoolSteps().spool().useOpener(SpoolTest.disk(40, 16, false));
        HttpResponse<String> full = sendAlcmeon(baseUrl(), 1);
        assertEquals(503, full.statusCode(), "a short write is never acknowledged");
        try (Stream<Path> s = Files.walk(Path.of(props.get("tributary.data-dir"), "spool"))) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".partial")).count());
        }
        spoolSteps().spool().useOpener(SpoolSink::file);
        assertEquals(200, postAlcmeon(baseUrl(), 2), "accepting again once the disk has room");
        assertAllLandedOnce(1, 0);
    }

    @Test
    void should_answer_503_with_retry_after_past_the_spool_quota_and_count_it() throws Exception {
        props.put("tributary.spool.max-bytes", "1000");
        app = TributaryApp.start(props);
        broker.close(); // nothing drains: the spool only grows
        int accepted = 0;
        HttpResponse<String> r;
        while ((r = sendAlcmeon(baseUrl(), accepted + 1)).statusCode() == 200) {
            accepted++;
            assertTrue(accepted < 20, "the quota must stop the spool");
        }
        assertEquals(503, r.statusCode());
        assertEquals("60", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("{\"error\":\"spool_full\"}", r.body());
        assertTrue(spooled() == accepted && accepted > 0);
        io.tributary.metrics.TributaryMetrics metrics = app.context().getRegistry()
                .lookupByNameAndType("tributaryMetrics", io.tributary.metrics.TributaryMetrics.class);
        assertEquals(1.0, metrics.counter("tributary.spool.full", "alcmeon").count());
        restartBroker();
        assertAllLandedOnce(accepted, 0);
    }

    @Test
    void should_dead_letter_and_move_aside_poison_entries_and_drain_the_entries_behind_them() throws Exception {
        Path spool = Path.of(props.get("tributary.data-dir"), "spool");
        // A provider whose route was removed (no normaliser: every attempt fails), and a file without its header.
        Files.createDirectories(spool.resolve("ghost"));
        Files.writeString(spool.resolve("ghost/00000000000000000001.delivery"), "webhook\n2024-01-01T00:00:00Z\n{\"a\":1}");
        Files.createDirectories(spool.resolve("alcmeon"));
        Files.writeString(spool.resolve("alcmeon/00000000000000000002.delivery"), "garbage");
        props.put("tributary.spool.max-attempts", "2");
        app = TributaryApp.start(props);
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, postAlcmeon(baseUrl(), i));
        }
        assertAllLandedOnce(3, 0);
        var dead = KafkaRecords.readAll(broker.bootstrapServers(), "tributary.deadletter");
        assertEquals(2, dead.size());
        assertTrue(dead.stream().anyMatch(r -> KafkaRecords.header(r, "tributary-error").contains("failed 2 times")), "the error travels with it");
        assertTrue(dead.stream().anyMatch(r -> KafkaRecords.header(r, "tributary-error").contains("without its header")));
        assertTrue(Files.exists(Path.of(props.get("tributary.data-dir"), "spool-failed", "ghost", "00000000000000000001.delivery")));
        assertTrue(Files.exists(Path.of(props.get("tributary.data-dir"), "spool-failed", "alcmeon", "00000000000000000002.delivery")));
    }

    @Test
    void should_not_grow_the_spool_when_one_delivery_is_replayed_in_a_loop() throws Exception {
        app = TributaryApp.start(props);
        broker.close(); // nothing drains: every spooled copy would stay
        for (int i = 0; i < 50; i++) {
            assertEquals(200, postAlcmeon(baseUrl(), 7), "a replay is answered like the original");
            assertEquals(200, postSts(baseUrl(), 1));
        }
        assertEquals(2, spooled(), "one copy of each delivery, not fifty");
        restartBroker();
        assertAllLandedOnce(1, 1);
    }

    @Test
    void should_answer_a_retrying_provider_503_at_the_request_timeout_while_kafka_hangs() throws Exception {
        props.put("tributary.kafka.publish-timeout", "20s");
        props.put("tributary.http.request-timeout", "1s");
        props.put("tributary.thirdfort.webhook-secret", "durable-thirdfort");
        app = TributaryApp.start(props);
        broker.close();
        byte[] body = "{\"name\":\"organizations/o/notifications/n1\",\"type\":\"notification.client.check_complete.v1\",\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"c1\"}}"
                .getBytes(StandardCharsets.UTF_8);
        String sig = ProviderSigning.thirdfort("durable-thirdfort", body);
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(baseUrl() + "/webhooks/thirdfort", body, Map.of("x-thirdfort-signature", sig), Duration.ofSeconds(15));
        assertEquals(503, r.statusCode());
        assertEquals("{\"error\":\"timeout\"}", r.body());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos(), "answered at the 1 s request timeout, not after Kafka's 20 s");
        restartBroker();
    }

    @Test
    void should_lose_nothing_when_killed_after_the_2xx_and_before_the_publish() throws Exception {
        Map<String, String> childProps = new HashMap<>(props);
        int http = TributaryApp.freePort();
        int management = TributaryApp.freePort();
        childProps.put("tributary.http.port", String.valueOf(http));
        childProps.put("tributary.management.port", String.valueOf(management));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        childProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("io.tributary.Tributary");
        File log = Files.createTempFile("tributary-child", ".log").toFile();
        child = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true).redirectOutput(log).start();
        String base = "http://127.0.0.1:" + http;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/observe/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException notYet) {
                return false;
            }
        });

        broker.close(); // the child can accept but not publish
        for (int i = 1; i <= 5; i++) {
            assertEquals(200, postAlcmeon(base, i));
        }
        assertEquals(200, postSts(base, 1));
        child.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no drain
        child = null;
        assertEquals(6, spooled(), "every acknowledged delivery is on disk");

        restartBroker();
        props.put("tributary.kafka.bootstrap-servers", broker.bootstrapServers());
        app = TributaryApp.start(props);
        assertAllLandedOnce(5, 1);
    }
}
