package io.tributary.providers.thirdfort;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.Tributary;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.Sentinel;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real routes/ under @CamelMainTest, against the test broker: what the Thirdfort webhook
 * accepts, what it refuses, and that a refusal publishes nothing.
 */
@CamelMainTest(mainClass = Tributary.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdfortWebhookRouteTest {

    private static final String SECRET = "route-test-secret";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "route-thirdfort-" + RUN;
    private static final String DLQ = "route-dlq-" + RUN;
    private static final int PORT = TributaryApp.freePort();
    private static final int MANAGEMENT_PORT = TributaryApp.freePort();
    private static final Map<String, String> PROPS = Map.ofEntries(
            Map.entry("tributary.kafka.bootstrap-servers", TestKafka.bootstrapServers()),
            Map.entry("tributary.kafka.inbox-topic", "route-inbox-" + RUN),
            Map.entry("tributary.kafka.application-id", "route-" + RUN),
            Map.entry("tributary.data-dir", tempDir()),
            Map.entry("tributary.kafka.cursor-topic", "route-cursors-" + RUN),
            Map.entry("tributary.kafka.deadletter-topic", DLQ),
            Map.entry("tributary.kafka.partitions", "2"),
            Map.entry("tributary.thirdfort.topic", TOPIC),
            Map.entry("tributary.thirdfort.webhook-secret", SECRET),
            Map.entry("tributary.http.port", String.valueOf(PORT)),
            Map.entry("tributary.http.max-body-size", "4096"),
            Map.entry("tributary.management.exposure-level", "full"),
            Map.entry("tributary.management.port", String.valueOf(MANAGEMENT_PORT)));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("route-test").toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeanInject
    CamelContext context;

    @BeforeAll
    static void properties() {
        PROPS.forEach(System::setProperty);
    }

    @AfterAll
    static void clearProperties() {
        PROPS.keySet().forEach(System::clearProperty);
    }

    private static String notification(String id) {
        return notification(id, "C-" + id);
    }

    private static String notification(String id, String check) {
        return "{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"@type\":\"type.googleapis.com/thirdfort.client.notifications.v1.CheckCompleteData\","
                + "\"check\":\"organizations/acme-corp/teams/default/checks/" + check + "\",\"state\":\"COMPLETE\"}}";
    }

    private static HttpResponse<String> post(String body, String contentType, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/webhooks/thirdfort"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (signature != null) {
            b.header("X-Thirdfort-Signature", signature);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body) {
        return ProviderSigning.thirdfort(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ConsumerRecord<String, byte[]>> eventsWithId(String id) {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), TOPIC).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"id\":\"" + id + "\"")).toList();
    }

    @Test
    void should_publish_a_verified_notification_as_one_structured_cloudevent() throws Exception {
        String body = notification("RT-OK-1");
        NotifyBuilder published = new NotifyBuilder(context).fromRoute("thirdfort-webhook").whenCompleted(1).create();
        HttpResponse<String> r = post(body, "application/json", sign(body));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(published.matches(10, TimeUnit.SECONDS));

        await().atMost(Duration.ofSeconds(30)).until(() -> !eventsWithId("RT-OK-1").isEmpty());
        List<ConsumerRecord<String, byte[]>> records = eventsWithId("RT-OK-1");
        assertEquals(1, records.size());
        ConsumerRecord<String, byte[]> rec = records.get(0);
        assertEquals("organizations/acme-corp/teams/default/checks/C-RT-OK-1", rec.key());
        assertEquals("application/cloudevents+json", KafkaRecords.header(rec, "content-type"));
        assertEquals(1, rec.headers().toArray().length, "no request header leaks into Kafka");
        JsonNode ce = JSON.readTree(rec.value());
        assertEquals("1.0", ce.get("specversion").asText());
        assertEquals("RT-OK-1", ce.get("id").asText());
        assertEquals("/thirdfort/organizations/acme-corp", ce.get("source").asText());
        assertEquals("thirdfort.notification.client.check_complete.v1", ce.get("type").asText());
        assertEquals("organizations/acme-corp/teams/default/checks/C-RT-OK-1", ce.get("subject").asText());
        assertEquals("2024-06-15T10:30:00Z", ce.get("time").asText());
        assertEquals("application/json", ce.get("datacontenttype").asText());
        assertEquals("thirdfort", ce.get("provider").asText());
        assertEquals("webhook", ce.get("channel").asText());
        assertEquals(rec.key(), ce.get("partitionkey").asText());
        assertEquals(JSON.readTree(body), ce.get("data"), "data is the notification unchanged");
    }

    @Test
    void should_export_the_core_metrics_and_health() throws Exception {
        String body = notification("RT-METRICS-1");
        assertEquals(200, post(body, "application/json", sign(body)).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !eventsWithId("RT-METRICS-1").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> management("/observe/metrics")
                .contains("tributary_events_published_total{channel=\"webhook\",provider=\"thirdfort\"}"));
        String metrics = management("/observe/metrics");
        assertTrue(metrics.contains("tributary_inbox_lag_records"), "inbox lag gauge");
        assertTrue(metrics.contains("tributary_core_latency_seconds"), "core latency timer");
        // What the Grafana dashboard queries of Camel's own (route-level policy only: see application.properties)
        assertTrue(metrics.contains("camel_exchanges_total{") && metrics.contains("routeId=\"thirdfort-webhook\""), "exchanges per route");
        assertTrue(metrics.contains("camel_routes_running_routes"), "running routes gauge");
        // The shared hops inside a provider's route are not timed on their own (RouteTimers)
        assertFalse(metrics.contains("routeId=\"tributary-ingest\""), "no timer for the ingest hop");
        assertFalse(metrics.contains("routeId=\"tributary-webhook-no-steps\""), "no timer for the no-op steps hop");
        String health = management("/observe/health?data=true");
        JsonNode core = null;
        for (JsonNode check : JSON.readTree(health).path("checks")) {
            if ("core".equals(check.path("name").asText(check.path("id").asText()))) {
                core = check;
            }
        }
        assertTrue(core != null, health);
        assertEquals("UP", core.path("status").asText(), health);
        assertEquals("RUNNING", core.path("data").path("state").asText(), health);
    }

    private static String management(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + MANAGEMENT_PORT + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void should_start_the_poller_only_when_its_credentials_are_configured() {
        assertTrue(context.getRoute("thirdfort-webhook") != null, "the secret is configured");
        assertTrue(context.getRoute("thirdfort-poll") == null, "no client id or secret: no poller");
    }

    @Test
    void should_refuse_other_methods() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/webhooks/thirdfort")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
    }

    @Test
    void should_publish_the_same_webhook_delivered_five_times_once() throws Exception {
        String body = notification("RT-DUP-1");
        double before = duplicates();
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post(body, "application/json", sign(body)).statusCode());
        }
        // The core decided on all five copies: four were dropped as duplicates.
        await().atMost(Duration.ofSeconds(30)).until(() -> duplicates() - before >= 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> !eventsWithId("RT-DUP-1").isEmpty()); // its transaction committed
        assertEquals(1, eventsWithId("RT-DUP-1").size());
    }

    private double duplicates() {
        return context.getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class)
                .value("tributary.events.duplicates", "provider", "thirdfort", "channel", "webhook");
    }

    @Test
    void should_refuse_bad_deliveries_and_publish_nothing() throws Exception {
        String body = notification("RT-BAD-1");
        String big = notification("RT-BAD-1").replace("\"state\"", "\"pad\":\"" + "x".repeat(5000) + "\",\"state\"");
        String malformed = "{\"name\": \"organizations/acme-corp/notifications/RT-BAD-1\", ";
        assertEquals(401, post(body, "application/json", null).statusCode(), "missing signature");
        assertEquals(401, post(body, "application/json", sign(body + " ")).statusCode(), "signature of another body");
        assertEquals(401, post(body, "application/json", "***").statusCode(), "signature is not base64");
        assertEquals(401, post(body + " ", "application/json", sign(body)).statusCode(), "tampered body");
        assertEquals(400, post(malformed, "application/json", sign(malformed)).statusCode(), "malformed JSON");
        assertEquals(413, post(big, "application/json", sign(big)).statusCode(), "body over the limit");
        assertEquals(415, post(body, "text/plain", sign(body)).statusCode(), "not JSON");
        assertEquals(415, post(body, "application/x-www-form-urlencoded", sign(body)).statusCode(), "a form");
        String sentinel = notification("RT-BAD-SENTINEL", "C-RT-BAD-1"); // the same check: the same partitions, in order
        assertEquals(200, post(sentinel, "application/json", sign(sentinel)).statusCode());
        Sentinel.assertOnlyEventUnder(TOPIC, "organizations/acme-corp/teams/default/checks/C-RT-BAD-1", "RT-BAD-SENTINEL");
    }

    @Test
    void should_dead_letter_a_verified_body_that_is_not_a_notification() throws Exception {
        String body = "{\"unexpected\":\"shape-" + RUN + "\"}";
        HttpResponse<String> r = post(body, "application/json", sign(body));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("dead-lettered"));
        List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.readAll(TestKafka.bootstrapServers(), DLQ).stream()
                .filter(d -> new String(d.value(), StandardCharsets.UTF_8).equals(body)).toList();
        assertEquals(1, dead.size(), "the original bytes are dead-lettered once");
        assertEquals("thirdfort", KafkaRecords.header(dead.get(0), "tributary-provider"));
        assertEquals("webhook", KafkaRecords.header(dead.get(0), "tributary-channel"));
        String error = KafkaRecords.header(dead.get(0), "tributary-error");
        assertTrue(error.contains("$.name") && error.contains("yields nothing"), error);
    }
}
