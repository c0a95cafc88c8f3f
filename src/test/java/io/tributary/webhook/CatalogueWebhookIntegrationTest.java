package io.tributary.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testing.Fixtures;
import io.tributary.testing.ProviderEvents;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Catalogue providers on the real application: their route files alone, a SignatureScheme reading
 * the live request (method, public URL, timestamps, header parameters, a token). One app for all;
 * deliveries are signed here with the JDK's Mac, as each provider's docs say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogueWebhookIntegrationTest {

    private static final String HUBSPOT_URL = "https://hooks.example.com/webhooks/hubspot";
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private TributaryApp app;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.shopify.webhook-secret", "shopify-secret");
        p.put("tributary.hubspot.webhook-secret", "hubspot-secret");
        p.put("tributary.hubspot.public-url", HUBSPOT_URL);
        p.put("tributary.paddle.webhook-secret", "paddle-secret");
        p.put("tributary.gitlab.webhook-secret", "gitlab-token");
        p.put("tributary.xero.webhook-secret", "xero-webhook-key");
        app = TributaryApp.start(p);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    private static byte[] hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> json(Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("Content-Type", "application/json");
        return h;
    }

    @Test
    void should_publish_a_shopify_event_once_per_event_id() throws Exception {
        String body = new String(Fixtures.bytes("shopify", "products-update.json"), StandardCharsets.UTF_8);
        String id = UUID.randomUUID().toString();
        Map<String, String> h = json(Map.of("X-Shopify-Topic", "products/update", "X-Shopify-Shop-Domain", "johns-apparel.myshopify.com",
                "X-Shopify-Event-Id", id, "X-Shopify-Triggered-At", "2025-04-22T19:30:00.000000000Z",
                "X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac("shopify-secret", body))));
        ProviderEvents events = new ProviderEvents(app, "shopify");
        double before = events.duplicates();
        assertEquals(200, app.post("shopify", body.getBytes(StandardCharsets.UTF_8), h).statusCode());
        assertEquals(200, app.post("shopify", body.getBytes(StandardCharsets.UTF_8), h).statusCode(), "Shopify's retry");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.duplicates() - before >= 1 && !events.withId(id).isEmpty());
        List<JsonNode> published = events.withId(id);
        assertEquals(1, published.size());
        assertEquals("shopify.products/update", published.get(0).get("type").asText());
        assertEquals("/shopify/johns-apparel.myshopify.com", published.get(0).get("source").asText());
        assertEquals("9554194432293", published.get(0).get("subject").asText(), "the docs' example has no admin_graphql_api_id");
    }

    @Test
    void should_verify_hubspot_over_method_public_url_body_and_timestamp_and_split_the_batch() throws Exception {
        String eventId = "38" + Math.abs(run.hashCode() % 100000);
        String body = new String(Fixtures.bytes("hubspot", "contact-events.json"), StandardCharsets.UTF_8)
                .replace("\"eventId\":1,", "\"eventId\":" + eventId + ","); // ids of this run only
        String id = "62515:12345:" + eventId + ":1564113600000"; // portalId:subscriptionId:eventId:occurredAt
        String ts = String.valueOf(Instant.now().toEpochMilli());
        Map<String, String> h = json(Map.of("X-HubSpot-Request-Timestamp", ts,
                "X-HubSpot-Signature-v3", Base64.getEncoder().encodeToString(hmac("hubspot-secret", "POST" + HUBSPOT_URL + body + ts))));
        ProviderEvents events = new ProviderEvents(app, "hubspot");
        assertEquals(200, app.post("hubspot", body.getBytes(StandardCharsets.UTF_8), h).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(id).isEmpty());
        assertEquals("hubspot.contact.creation", events.withId(id).get(0).get("type").asText());

        Map<String, String> signedForOurUrl = json(Map.of("X-HubSpot-Request-Timestamp", ts, "X-HubSpot-Signature-v3",
                Base64.getEncoder().encodeToString(hmac("hubspot-secret", "POST" + app.webhookUrl("hubspot") + body + ts))));
        double bad = events.rejected("bad_signature");
        assertEquals(401, app.post("hubspot", body.getBytes(StandardCharsets.UTF_8), signedForOurUrl).statusCode(),
                "HubSpot signs the URL it calls, not the one we listen on");
        assertEquals(bad + 1, events.rejected("bad_signature"));
    }

    @Test
    void should_refuse_a_paddle_delivery_signed_outside_its_tolerance_as_stale() throws Exception {
        String body = new String(Fixtures.bytes("paddle", "customer-created.json"), StandardCharsets.UTF_8);
        long old = Instant.now().getEpochSecond() - 60;
        String header = "ts=" + old + ";h1=" + HexFormat.of().formatHex(hmac("paddle-secret", old + ":" + body));
        ProviderEvents events = new ProviderEvents(app, "paddle");
        double stale = events.rejected("stale");
        var r = app.post("paddle", body.getBytes(StandardCharsets.UTF_8), json(Map.of("Paddle-Signature", header)));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("\"stale\""), r.body());
        assertEquals(stale + 1, events.rejected("stale"));
    }

    @Test
    void should_compare_gitlab_s_token() throws Exception {
        byte[] body = Fixtures.bytes("gitlab", "push-event.json");
        ProviderEvents events = new ProviderEvents(app, "gitlab");
        double bad = events.rejected("bad_signature");
        assertEquals(401, app.post("gitlab", body, json(Map.of("X-Gitlab-Token", "gitlab-tokem", "Idempotency-Key", "k-" + run))).statusCode());
        assertEquals(bad + 1, events.rejected("bad_signature"));
        assertEquals(200, app.post("gitlab", body, json(Map.of("X-Gitlab-Token", "gitlab-token", "Idempotency-Key", "k-" + run))).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId("k-" + run).isEmpty());
        assertEquals("gitlab.push", events.withId("k-" + run).get(0).get("type").asText());
    }

    @Test
    void should_answer_xero_s_intent_to_receive_200_when_signed_and_401_when_not_publishing_nothing() throws Exception {
        byte[] intent = "{\"events\":[],\"firstEventSequence\":0,\"lastEventSequence\":0,\"entropy\":\"S0m3r4Nd0mt3xt\"}"
                .getBytes(StandardCharsets.UTF_8);
        String signed = Base64.getEncoder().encodeToString(hmac("xero-webhook-key", new String(intent, StandardCharsets.UTF_8)));
        ProviderEvents events = new ProviderEvents(app, "xero");
        double bad = events.rejected("bad_signature");
        var ok = app.post("xero", intent, json(Map.of("x-xero-signature", signed)));
        assertEquals(200, ok.statusCode());
        assertEquals("{\"status\":\"accepted\"}", ok.body(), "not dead-lettered");
        String forged = Base64.getEncoder().encodeToString(hmac("another-key", new String(intent, StandardCharsets.UTF_8)));
        assertEquals(401, app.post("xero", intent, json(Map.of("x-xero-signature", forged))).statusCode());
        assertEquals(bad + 1, events.rejected("bad_signature"));
        var metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", io.tributary.metrics.TributaryMetrics.class);
        assertEquals(0, metrics.value("tributary.events.deadlettered", "provider", "xero", "channel", "webhook"));
        assertEquals(0, metrics.value("tributary.events.published", "provider", "xero", "channel", "webhook"));
    }
}
