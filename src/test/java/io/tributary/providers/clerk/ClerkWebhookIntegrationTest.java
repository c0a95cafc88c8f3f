package io.tributary.providers.clerk;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testing.ClerkSender;
import io.tributary.testing.WebhookProviderTest;
import org.junit.jupiter.api.Test;

/** routes/clerk.camel.yaml (Standard Webhooks with svix- headers), with no Java of its own, on the real application. */
class ClerkWebhookIntegrationTest extends WebhookProviderTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("clerk-integration-test-key-32byte".getBytes());
    private final ClerkSender clerk = new ClerkSender(SECRET);

    ClerkWebhookIntegrationTest() {
        super("clerk", SECRET);
    }

    @Test
    void should_publish_a_signed_message_under_its_svix_id() throws Exception {
        String msg = "msg_" + run + "ok";
        assertEquals(200, clerk.send(app, msg, now(), ClerkSender.userCreated("user_" + run)).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(msg).isEmpty());
        JsonNode ce = events.withId(msg).get(0);
        assertEquals("clerk.user.created", ce.get("type").asText());
        assertEquals("user_" + run, ce.get("subject").asText());
        assertEquals("/clerk/ins_29w83yT7CwllvXylYLxcslj88O9", ce.get("source").asText());
        assertEquals("2022-05-31T15:56:31.835Z", ce.get("time").asText(), "timestamp, in milliseconds");
    }

    @Test
    void should_publish_a_retried_message_once() throws Exception {
        String msg = "msg_" + run + "retry";
        byte[] body = ClerkSender.userCreated("user_" + run + "retry");
        double before = events.duplicates();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, clerk.send(app, msg, now() - i, body).statusCode(), "Svix retries with the same id, signed anew");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events.duplicates() - before >= 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(msg).isEmpty());
        assertEquals(1, events.withId(msg).size());
    }

    @Test
    void should_refuse_stale_and_future_timestamps_as_replays() throws Exception {
        String msg = "msg_" + run + "stale";
        String user = "user_" + run + "stale";
        byte[] body = ClerkSender.userCreated(user);
        double before = events.rejected("stale");
        var old = clerk.send(app, msg, now() - 6 * 60, body);
        assertEquals(401, old.statusCode());
        assertTrue(old.body().contains("\"stale\""), old.body());
        assertEquals(401, clerk.send(app, msg, now() + 6 * 60, body).statusCode());
        assertEquals(before + 2, events.rejected("stale"));
        assertEquals(401, new ClerkSender("whsec_" + Base64.getEncoder().encodeToString("other".getBytes()))
                .send(app, msg, now(), body).statusCode());
        String sentinel = "msg_" + run + "sentinel";
        assertEquals(200, clerk.send(app, sentinel, now(), ClerkSender.userCreated(user)).statusCode());
        events.assertOnlyEventUnder(user, sentinel);
    }
}
