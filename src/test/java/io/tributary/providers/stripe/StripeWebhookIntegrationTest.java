package io.tributary.providers.stripe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.testing.StripeSender;
import io.tributary.testing.WebhookProviderTest;
import org.junit.jupiter.api.Test;

/** routes/stripe.camel.yaml, with no Java of its own, on the real application and the test broker. */
class StripeWebhookIntegrationTest extends WebhookProviderTest {

    private static final String SECRET = "whsec_stripe_integration_test";
    private final StripeSender stripe = new StripeSender(SECRET);

    StripeWebhookIntegrationTest() {
        super("stripe", SECRET);
    }

    @Test
    void should_publish_a_signed_event_under_its_own_evt_id() throws Exception {
        String id = "evt_" + run + "ok";
        byte[] body = StripeSender.event(id, "seti_" + run);
        assertEquals(200, stripe.send(app, now(), body).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(id).isEmpty());
        JsonNode ce = events.withId(id).get(0);
        assertEquals("stripe.setup_intent.created", ce.get("type").asText());
        assertEquals("seti_" + run, ce.get("subject").asText());
        assertEquals("/stripe", ce.get("source").asText());
        assertEquals("2023-06-06T22:19:30Z", ce.get("time").asText(), "created, in Unix seconds");
        assertEquals(Json.read(body), ce.get("data"));
    }

    @Test
    void should_publish_a_retried_event_once() throws Exception {
        String id = "evt_" + run + "retry";
        byte[] body = StripeSender.event(id, "seti_" + run + "retry");
        double before = events.duplicates();
        for (int i = 0; i < 3; i++) {
            // Stripe signs every attempt anew (a new t); the event id stays.
            assertEquals(200, stripe.send(app, now() - i, body).statusCode());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events.duplicates() - before >= 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(id).isEmpty());
        assertEquals(1, events.withId(id).size());
    }

    @Test
    void should_refuse_a_stale_or_future_signature_as_a_replay() throws Exception {
        String id = "evt_" + run + "stale";
        String subject = "seti_" + run + "stale";
        byte[] body = StripeSender.event(id, subject);
        double before = events.rejected("stale");
        var old = stripe.send(app, now() - 3600, body);
        assertEquals(401, old.statusCode());
        assertTrue(old.body().contains("\"stale\""), old.body());
        assertEquals(401, stripe.send(app, now() + 600, body).statusCode());
        assertEquals(before + 2, events.rejected("stale"));
        assertEquals(401, new StripeSender("whsec_wrong").send(app, now(), body).statusCode());
        String sentinel = "evt_" + run + "sentinel";
        assertEquals(200, stripe.send(app, now(), StripeSender.event(sentinel, subject)).statusCode());
        events.assertOnlyEventUnder(subject, sentinel);
    }
}
