package io.tributary.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tributary.event.Json;
import io.tributary.testing.ChildTributary;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.MisbehavingApi;
import io.tributary.testing.StripeSender;
import io.tributary.testing.StripeSimulator;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * A page of 100,000 Stripe events (12.8 MiB) against Tributary with the production JVM options of docs/operating.md,
 * in a child JVM: the process stays up (the page is refused by its size, over the 4.8 MiB that
 * {@code max-page-bytes: auto} gives with -Xmx160m, not read into the heap),
 * webhooks keep being answered meanwhile, and the poller recovers by itself once the API is sane.
 */
class HugePageChildJvmTest {

    /** The options of docs/operating.md ("Operating it", Memory), with the exit on an OutOfMemoryError. */
    private static final List<String> README_JVM = List.of("-Xms160m", "-Xmx160m", "-XX:MaxMetaspaceSize=96m",
            "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    private static final String SECRET = "whsec_huge_page";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void a_page_of_100000_items_leaves_the_process_up_and_the_poller_recovers() throws Exception {
        try (StripeSimulator stripe = new StripeSimulator(); MisbehavingApi api = new MisbehavingApi(stripe.baseUrl())) {
            stripe.add(3);
            api.misbehave(MisbehavingApi.hugePage("data", "id", 100_000));
            String run = UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
            String topic = "it-huge-stripe-" + run;
            p.putAll(Map.of("tributary.stripe.base-url", api.baseUrl(), "tributary.stripe.api-key", StripeSimulator.API_KEY,
                    "tributary.stripe.webhook-secret", SECRET, "tributary.stripe.poll-interval", "500ms", "tributary.stripe.topic", topic,
                    "tributary.data-dir", java.nio.file.Files.createTempDirectory("huge-page").toString()));
            try (ChildTributary child = new ChildTributary("huge-page", p).withJvmOptions(README_JVM).start()) {
                await().atMost(Duration.ofSeconds(60)).until(() -> child.metric("tributary_poll_errors_total", "reason=\"too-large\"") >= 2);
                assertTrue(child.running(), "the process stays up");
                byte[] event = StripeSender.event("evt_webhook_1", "ch_1");
                long t = Instant.now().getEpochSecond();
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(child.webhookUrl("stripe")))
                        .header("Content-Type", "application/json").header("Stripe-Signature", StripeSender.header(SECRET, t, event))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(event)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), "webhooks are answered while the poller is refused its pages");

                api.heal();
                Set<String> expected = Set.of(StripeSimulator.id(1), StripeSimulator.id(2), StripeSimulator.id(3), "evt_webhook_1");
                await().atMost(Duration.ofSeconds(60)).until(() -> ids(topic).containsAll(expected));
                assertEquals(expected, ids(topic));
                assertTrue(child.running());
            }
        }
    }

    private static Set<String> ids(String topic) {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream()
                .map(r -> Json.read(r.value()).get("id").asText()).collect(Collectors.toSet());
    }
}
