package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.testing.ProviderSigning;
import io.tributary.testing.StripeSender;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * The README's table of webhook answers against what the running application answers: every
 * documented status and body is produced here, and nothing else is documented.
 */
class WebhookResponsesTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `(\\{[^`]*\\})` \\|", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "responses-secret";
    private static final byte[] STS_KEY = "responses-sts-key-0123456789abcd".getBytes(StandardCharsets.UTF_8);

    /** Asserted with their exact bodies in DurableAcceptIntegrationTest (they need a broker that hangs). */
    private static final String TIMEOUT = "503 {\"error\":\"timeout\"}";

    private TributaryApp app;

    private String answer(String provider, byte[] body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.webhookUrl(provider))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private String thirdfort(String body, String signature) throws Exception {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        return answer("thirdfort", raw, "application/json", Map.of("x-thirdfort-signature", signature == null ? ProviderSigning.thirdfort(SECRET, raw) : signature));
    }

    private String alcmeon(String body) throws Exception {
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        String sig = ProviderSigning.alcmeon(SECRET, "/webhooks/alcmeon", raw);
        return answer("alcmeon", raw, "application/json", Map.of("X-Alcmeon-Webhook-Signature", sig));
    }

    private static String notification(String id) {
        return "{\"name\":\"organizations/o/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/o/teams/t/checks/c1\"}}";
    }

    @Test
    void should_answer_exactly_the_documented_statuses_and_bodies() throws Exception {
        TreeSet<String> documented = new TreeSet<>();
        Matcher m = ROW.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        TreeSet<String> answered = new TreeSet<>();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.thirdfort.webhook-secret", SECRET);
        p.put("tributary.thirdfort.topic", "it-responses-" + run);
        p.put("tributary.alcmeon.webhook-secret", SECRET);
        p.put("tributary.sts-gen2.keys", "k1=" + Base64.getEncoder().encodeToString(STS_KEY));
        p.put("tributary.polytomic.webhook-secret", SECRET);
        p.put("tributary.polytomic.topic", "not a valid topic name!"); // Kafka refuses it: the publish fails
        p.put("tributary.zenoo.webhook-secret", SECRET); // and no API key: pings cannot be served
        p.put("tributary.stripe.webhook-secret", "whsec_" + SECRET);
        p.put("tributary.data-dir", Files.createTempDirectory("tributary-responses").toString());
        p.put("tributary.spool.max-bytes", "400");
        p.put("tributary.spool.drain-interval", "1h"); // the spool only fills
        app = TributaryApp.start(p);
        try {
            byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
            answered.add(thirdfort(notification("n1"), null));
            answered.add(thirdfort("{\"not\":\"a notification\"}", null));
            answered.add(alcmeon("{\"poison\":true}")); // durable: accepted once spooled, dead-lettered later
            answered.add(thirdfort("{", null));
            answered.add(answer("thirdfort", json, "application/json", Map.of()));
            answered.add(thirdfort("{}", "!!not base64!!"));
            answered.add(answer("sts-gen2", json, "application/json", Map.of("Key-Id", "nope", "Digest", "AAAA")));
            answered.add(thirdfort("{}", ProviderSigning.thirdfort("wrong", json)));
            answered.add(answer("thirdfort", new byte[2 * 1024 * 1024], "application/json", Map.of()));
            answered.add(answer("thirdfort", json, "text/plain", Map.of()));
            String poly = "{\"type\":\"sync.completed\",\"event\":{\"execution_id\":\"e1\"}}";
            answered.add(answer("polytomic", poly.getBytes(StandardCharsets.UTF_8), "application/json",
                    Map.of("Polytomic-Signature", ProviderSigning.polytomic(SECRET, poly))));
            answered.add(alcmeon("{\"filler\":\"" + "x".repeat(500) + "\"}"));
            byte[] ping = "{\"pull_token\":\"t1\"}".getBytes(StandardCharsets.UTF_8);
            answered.add(answer("zenoo", ping, "application/json",
                    Map.of("X-Zenoo-Signature", ProviderSigning.zenoo(SECRET, ping))));
            var replay = new StripeSender("whsec_" + SECRET).send(app, java.time.Instant.now().getEpochSecond() - 3600,
                    StripeSender.event("evt_responses", "seti_responses"));
            answered.add(replay.statusCode() + " " + replay.body()); // signed an hour ago
            answered.add(TIMEOUT);
        } finally {
            app.close();
        }
        assertEquals(documented, answered);
    }
}
