package io.tributary.providers.github;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.testing.GitHubSender;
import io.tributary.testing.WebhookProviderTest;
import org.junit.jupiter.api.Test;

/** routes/github.camel.yaml, with no Java of its own, on the real application and the test broker. */
class GitHubWebhookIntegrationTest extends WebhookProviderTest {

    private static final String SECRET = "github-webhook-secret";
    private final GitHubSender github = new GitHubSender(SECRET);

    GitHubWebhookIntegrationTest() {
        super("github", SECRET);
    }

    @Test
    void should_publish_a_signed_push_as_a_cloud_event_whose_id_is_the_delivery_guid() throws Exception {
        String delivery = UUID.randomUUID().toString();
        byte[] body = GitHubSender.push("octo-" + run + "/Hello-World");
        Instant sent = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertEquals(200, github.send(app, delivery, "push", body).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(delivery).isEmpty());
        JsonNode ce = events.withId(delivery).get(0);
        assertEquals("github.push", ce.get("type").asText());
        assertEquals("octo-" + run + "/Hello-World", ce.get("subject").asText());
        assertEquals("/github/hooks/" + GitHubSender.HOOK_ID, ce.get("source").asText());
        assertEquals("github", ce.get("provider").asText());
        Instant time = OffsetDateTime.parse(ce.get("time").asText()).toInstant();
        assertTrue(!time.isBefore(sent) && !time.isAfter(Instant.now()), "the time received, GitHub sending none: " + time + " vs sent " + sent);
        assertEquals(Json.read(body), ce.get("data"), "data is the delivery unchanged");
    }

    @Test
    void should_publish_a_redelivery_once() throws Exception {
        String delivery = UUID.randomUUID().toString();
        byte[] body = GitHubSender.push("octo-" + run + "/redelivered");
        double before = events.duplicates();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, github.send(app, delivery, "push", body).statusCode(), "GitHub's redeliver button sends the same GUID");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> events.duplicates() - before >= 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> !events.withId(delivery).isEmpty());
        assertEquals(1, events.withId(delivery).size());
    }

    @Test
    void should_refuse_a_delivery_signed_with_another_secret() throws Exception {
        String delivery = UUID.randomUUID().toString();
        String repository = "octo-" + run + "/forged";
        double before = events.rejected("bad_signature");
        var r = new GitHubSender("not-the-secret").send(app, delivery, "push", GitHubSender.push(repository));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("bad_signature"), r.body());
        assertEquals(before + 1, events.rejected("bad_signature"));
        String sentinel = UUID.randomUUID().toString();
        assertEquals(200, github.send(app, sentinel, "push", GitHubSender.push(repository)).statusCode());
        events.assertOnlyEventUnder(repository, sentinel);
    }

    @Test
    void should_run_with_no_java_package_of_its_own() {
        assertFalse(Files.exists(Path.of("src/main/java/io/tributary/providers/github")));
        assertTrue(app.context().getRoute("github-webhook") != null, "the route comes from the tributary-webhook template");
    }
}
