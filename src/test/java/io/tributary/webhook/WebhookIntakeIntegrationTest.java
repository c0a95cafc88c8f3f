package io.tributary.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The webhook intake vocabulary over real HTTP, on one app with the real routes/ plus the test-only
 * providers of src/test/resources/routes/intake-test.camel.yaml: handshakes answered exactly, never
 * published and counted; form bodies; batches with one event per item; the extension point; a fixed
 * answer; type filters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIntakeIntegrationTest {

    private static final String SECRET = "intake-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Discord's vectors, signed with Ed25519 and checked by discord-interactions (providers/discord/vectors/generate.cjs). */
    private static final JsonNode DISCORD_VECTORS = Json.read(readVectors("discord"));
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TributaryApp app;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("camel.main.routes-include-pattern", "file:routes/*.yaml,file:src/test/resources/routes/intake-test.camel.yaml");
        p.put("intake-test.secret", SECRET);
        p.put("intake-test.zoom-secret", "zoom-secret-token");
        p.put("tributary.whatsapp.webhook-secret", SECRET);
        p.put("tributary.whatsapp.verify-token", "meta-verify-token");
        p.put("tributary.discord.public-key", DISCORD_VECTORS.get("settings").get("tributary.discord.public-key").asText());
        p.put("tributary.discord.tolerance", "3650d"); // the vectors are signed at a fixed time
        app = TributaryApp.start(p);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    private static byte[] readVectors(String provider) {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/test/resources/providers", provider, "vectors", "vectors.json"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(byte[] body) {
        return HexFormat.of().formatHex(Hmac.of(Hmac.SHA256, SECRET.getBytes(StandardCharsets.UTF_8), body));
    }

    private HttpResponse<String> post(String provider, String query, String contentType, byte[] body, String signature, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.webhookUrl(provider) + query)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("X-Test-Signature", signature);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signed(String provider, String json, String... headers) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return post(provider, "", "application/json", body, sign(body), headers);
    }

    private HttpResponse<String> get(String provider, String query, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.webhookUrl(provider) + query)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private TributaryMetrics metrics() {
        return app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
    }

    private double handshakes(String provider, String kind) {
        return metrics().value("tributary.webhook.handshakes", "provider", provider, "kind", kind);
    }

    private double received(String provider) {
        return metrics().value("tributary.events.received", "provider", provider, "channel", "webhook");
    }

    private static List<JsonNode> events(String provider) {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), "tributary.events." + provider).stream().map(r -> Json.read(r.value())).toList();
    }

    private static List<String> ids(String provider) {
        return events(provider).stream().map(e -> e.get("id").asText()).toList();
    }

    private void assertAnswered(HttpResponse<String> r, int status, String contentType, String body) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(contentType, r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(body, r.body());
    }

    @Test
    void should_echo_slack_s_url_verification_challenge_after_the_signature_and_publish_nothing() throws Exception {
        double before = handshakes("intake-slack", "slack");
        String challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
        assertAnswered(signed("intake-slack", "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"" + challenge + "\",\"type\":\"url_verification\"}"),
                200, "application/json", "{\"challenge\":\"" + challenge + "\"}");
        assertEquals(before + 1, handshakes("intake-slack", "slack"));
        byte[] forged = ("{\"challenge\":\"x\",\"type\":\"url_verification\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post("intake-slack", "", "application/json", forged, sign("other".getBytes(StandardCharsets.UTF_8))).statusCode());
        assertEquals(before + 1, handshakes("intake-slack", "slack"), "a forged handshake is not answered");
        assertEquals(0, received("intake-slack"), "a handshake is not an event");
    }

    @Test
    void should_answer_zoom_s_url_validation_with_the_token_hmac_in_hex() throws Exception {
        String plain = "qgg8vlvZRS6UYooatFL8Aw";
        String expected = HexFormat.of().formatHex(Hmac.of(Hmac.SHA256, "zoom-secret-token".getBytes(StandardCharsets.UTF_8),
                plain.getBytes(StandardCharsets.UTF_8)));
        assertAnswered(signed("intake-zoom", "{\"payload\":{\"plainToken\":\"" + plain + "\"},\"event_ts\":1654503849680,\"event\":\"endpoint.url_validation\"}"),
                200, "application/json", "{\"plainToken\":\"" + plain + "\",\"encryptedToken\":\"" + expected + "\"}");
        assertEquals(1, handshakes("intake-zoom", "zoom"));
    }

    @Test
    void should_acknowledge_discord_s_ping_with_204_and_no_body_and_refuse_a_forged_one() throws Exception {
        String ping = "{\"version\":1,\"application_id\":\"1234560123453231555\",\"type\":0}";
        HttpResponse<String> r = signed("intake-discord", ping);
        assertAnswered(r, 204, "application/json", "");
        byte[] body = ping.getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post("intake-discord", "", "application/json", body, sign("tampered".getBytes(StandardCharsets.UTF_8))).statusCode());
        assertEquals(1, handshakes("intake-discord", "discord"));
        assertEquals(0, received("intake-discord"));
    }

    @Test
    void should_answer_the_real_discord_route_s_ed25519_signed_ping_with_204_after_the_signature() throws Exception {
        JsonNode ping = null;
        for (JsonNode v : DISCORD_VECTORS.get("vectors")) {
            ping = v.get("name").asText().equals("PING") ? v : ping;
        }
        byte[] body = ping.get("body").asText().getBytes(StandardCharsets.UTF_8);
        String sig = ping.get("headers").get("X-Signature-Ed25519").asText();
        String ts = ping.get("headers").get("X-Signature-Timestamp").asText();
        assertAnswered(post("discord", "", "application/json", body, null, "X-Signature-Ed25519", sig, "X-Signature-Timestamp", ts),
                204, "application/json", "");
        byte[] tampered = body.clone();
        tampered[tampered.length / 2] ^= 1;
        HttpResponse<String> forged = post("discord", "", "application/json", tampered, null, "X-Signature-Ed25519", sig, "X-Signature-Timestamp", ts);
        assertEquals(401, forged.statusCode());
        assertEquals("{\"error\":\"bad_signature\"}", forged.body());
        assertEquals(1, handshakes("discord", "discord"), "only the genuine PING is answered");
        assertEquals(0, received("discord"), "a PING is not an event");
    }

    @Test
    void should_answer_twitch_s_callback_verification_with_the_bare_challenge() throws Exception {
        String body = "{\"challenge\":\"pogchamp-kappa-360noscope-vohiyo\",\"subscription\":{\"id\":\"f1c2a387-161a-49f9-a165-0f21d7a4e1c4\","
                + "\"type\":\"channel.follow\",\"version\":\"2\",\"status\":\"webhook_callback_verification_pending\"}}";
        assertAnswered(signed("intake-twitch", body, "Twitch-Eventsub-Message-Type", "webhook_callback_verification"),
                200, "text/plain", "pogchamp-kappa-360noscope-vohiyo");
        assertEquals(1, handshakes("intake-twitch", "twitch"));
    }

    @Test
    void should_echo_meta_s_subscribe_challenge_only_for_the_configured_verify_token() throws Exception {
        assertAnswered(get("whatsapp", "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meta-verify-token"),
                200, "text/plain", "1158201444");
        HttpResponse<String> wrong = get("whatsapp", "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=guess");
        assertEquals(403, wrong.statusCode());
        assertEquals("{\"error\":\"bad_verify_token\"}", wrong.body());
        assertEquals(405, get("whatsapp", "").statusCode(), "a GET that is not the handshake");
        assertEquals(405, get("intake-slack", "?hub.mode=subscribe").statusCode(), "GET only where the provider's handshake is a GET");
        assertEquals(1, handshakes("whatsapp", "meta"));
    }

    @Test
    void should_echo_microsoft_graph_s_validation_token_decoded_as_plain_text() throws Exception {
        String token = "Validation: Testing client application reachability for subscription Request-Id: 8f8bb4fd";
        HttpResponse<String> r = post("intake-graph", "?validationToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8), "text/plain",
                new byte[0], null);
        assertAnswered(r, 200, "text/plain", token);
        assertEquals(1, handshakes("intake-graph", "microsoft-graph"));
    }

    @Test
    void should_answer_okta_s_one_time_verification_get() throws Exception {
        assertAnswered(get("intake-okta", "", "x-okta-verification-challenge", "rBJLd3sp2a9N1u5NaiqLJsw2"),
                200, "application/json", "{\"verification\":\"rBJLd3sp2a9N1u5NaiqLJsw2\"}");
        assertEquals(1, handshakes("intake-okta", "okta"));
    }

    @Test
    void should_verify_a_form_on_its_raw_bytes_and_map_it_as_a_json_object() throws Exception {
        String sid = "SM" + run + "b9b9b9b9b9";
        String form = "ToCountry=US&SmsStatus=received&Body=Hello+there%21&To=%2B15005550006&MessageSid=" + sid
                + "&AccountSid=AC" + run + "&From=%2B14158675310&NumMedia=0&MediaUrl=a&MediaUrl=b";
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        assertEquals(415, post("intake-slack", "", "application/x-www-form-urlencoded", body, sign(body)).statusCode(),
                "a provider that lists only JSON");
        assertEquals(401, post("intake-form", "", "application/x-www-form-urlencoded", body, sign("Body=other".getBytes(StandardCharsets.UTF_8)))
                .statusCode());
        HttpResponse<String> r = post("intake-form", "", "application/x-www-form-urlencoded", body, sign(body));
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("intake-form").contains(sid));
        JsonNode e = events("intake-form").get(0);
        assertEquals("twilio.message.received", e.get("type").asText());
        assertEquals("+14158675310", e.get("subject").asText());
        assertEquals("/twilio/AC" + run, e.get("source").asText());
        assertEquals("Hello there!", e.get("data").get("Body").asText());
        assertEquals("[\"a\",\"b\"]", e.get("data").get("MediaUrl").toString(), "a repeated name becomes an array");
    }

    @Test
    void should_take_the_idempotency_header_over_the_form_field_when_the_provider_sends_it() throws Exception {
        byte[] body = ("MessageSid=SMfallback" + run + "&AccountSid=AC1&From=%2B1").getBytes(StandardCharsets.UTF_8);
        String token = "idem-" + run;
        assertEquals(200, post("intake-form", "", "application/x-www-form-urlencoded", body, sign(body), "I-Twilio-Idempotency-Token", token)
                .statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("intake-form").contains(token));
        assertTrue(!ids("intake-form").contains("SMfallback" + run));
    }

    @Test
    void should_publish_each_item_of_a_batch_dead_letter_the_bad_one_drop_unwanted_types_and_answer_as_required() throws Exception {
        String item = "{\"NotificationRequestItem\":{\"eventCode\":\"%s\",\"merchantAccountCode\":\"YOUR_MERCHANT_ACCOUNT\",\"pspReference\":%s,\"success\":\"true\"}}";
        String batch = "{\"live\":\"false\",\"notificationItems\":["
                + String.format(item, "AUTHORISATION", "\"A" + run + "\"") + ","
                + String.format(item, "CAPTURE", "\"C" + run + "\"") + ","
                + String.format(item, "AUTHORISATION", "null") + ","
                + String.format(item, "REPORT_AVAILABLE", "\"R" + run + "\"") + "]}";
        double filteredBefore = metrics().value("tributary.events.filtered", "provider", "intake-batch", "channel", "webhook");
        HttpResponse<String> r = signed("intake-batch", batch);
        assertAnswered(r, 200, "text/plain", "[accepted]");
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("intake-batch").size() >= 2);
        assertEquals(List.of("A" + run + ":AUTHORISATION", "C" + run + ":CAPTURE"), ids("intake-batch").stream().sorted().toList());
        for (JsonNode e : events("intake-batch")) {
            assertEquals("tenant-from-the-extension", e.get("subject").asText(), "set by the provider's step, the extension point");
        }
        assertEquals(filteredBefore + 1, metrics().value("tributary.events.filtered", "provider", "intake-batch", "channel", "webhook"));
        List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.readAll(TestKafka.bootstrapServers(), "it-dlq-" + run).stream()
                .filter(d -> "intake-batch".equals(KafkaRecords.header(d, "tributary-provider"))).toList();
        assertEquals(1, dead.size(), "only the item without a pspReference");
        assertEquals("AUTHORISATION", Json.read(dead.get(0).value()).get("eventCode").asText());
    }

    @Test
    void should_publish_one_event_per_change_of_a_meta_delivery_and_one_per_item_of_a_graph_or_okta_delivery() throws Exception {
        String wamid = "wamid." + run;
        String whatsapp = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":["
                + "{\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"messages\":[{\"id\":\"" + wamid + "\",\"timestamp\":\"1739321024\"}]},\"field\":\"messages\"},"
                + "{\"value\":{\"metadata\":{\"phone_number_id\":\"106540352242922\"},\"statuses\":[{\"id\":\"" + wamid + "\",\"status\":\"read\",\"timestamp\":\"1739321030\"}]},\"field\":\"messages\"}]}]}";
        byte[] body = whatsapp.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = post("whatsapp", "", "application/json", body, null, "X-Hub-Signature-256", "sha256=" + sign(body));
        assertEquals(200, r.statusCode(), r.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("whatsapp").size() >= 2);
        assertEquals(List.of(wamid, wamid + ":read"), ids("whatsapp").stream().sorted().toList());
        JsonNode first = events("whatsapp").stream().filter(e -> e.get("id").asText().equals(wamid)).findFirst().orElseThrow();
        assertEquals("2025-02-12T00:43:44Z", first.get("time").asText());

        String graph = "{\"value\":[{\"subscriptionId\":\"s-" + run + "\",\"changeType\":\"created\",\"tenantId\":\"t1\",\"resourceData\":{\"id\":\"m1\"}},"
                + "{\"subscriptionId\":\"s-" + run + "\",\"changeType\":\"updated\",\"tenantId\":\"t1\",\"resourceData\":{\"id\":\"m1\"}}]}";
        assertEquals(200, signed("intake-graph", graph).statusCode());
        String okta = "{\"eventType\":\"com.okta.event_hook\",\"data\":{\"events\":[{\"uuid\":\"o1-" + run + "\",\"eventType\":\"user.session.start\"},"
                + "{\"uuid\":\"o2-" + run + "\",\"eventType\":\"user.session.end\"}]}}";
        assertEquals(200, signed("intake-okta", okta).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> ids("intake-graph").size() >= 2 && ids("intake-okta").size() >= 2);
        assertEquals(List.of("s-" + run + ":m1:created", "s-" + run + ":m1:updated"), ids("intake-graph").stream().sorted().toList());
        assertEquals(List.of("o1-" + run, "o2-" + run), ids("intake-okta").stream().sorted().toList());
    }
}
