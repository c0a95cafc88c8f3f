package io.tributary.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
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
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.testing.ProviderSigning;
import io.tributary.testing.StripeSender;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * The table of webhook answers in docs/guarantees.md against what the running application answers: every
 * documented status and body is produced here, and nothing else is documented.
 */
class WebhookResponsesTest {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `(\\{[^`]*\\})` \\|", Pattern.MULTILINE);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = "responses-secret";
    private static final byte[] STS_KEY = "responses-sts-key-0123456789abcd".getBytes(StandardCharsets.UTF_8);

    private TributaryApp app;

    private String answer(String provider, byte[] body, String contentType, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.webhookUrl(provider))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        headers.forEach(b::header);
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private String get(String provider, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(app.webhookUrl(provider) + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
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

    /**
     * Headers that announce a body which never comes: the request guard's timer, not a route, answers
     * it at {@code tributary.http.request-timeout}, as it would a request held up by a hanging Kafka.
     */
    private CompletableFuture<String> stalled() {
        int port = URI.create(app.webhookUrl("thirdfort")).getPort();
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                socket.getOutputStream().write(("POST /webhooks/thirdfort HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String status = in.readLine().split(" ", 3)[1];
                int length = 0;
                for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(header.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                return status + " " + new String(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String notification(String id) {
        return "{\"name\":\"organizations/o/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/o/teams/t/checks/c1\"}}";
    }

    @Test
    void should_answer_exactly_the_documented_statuses_and_bodies() throws Exception {
        TreeSet<String> documented = new TreeSet<>();
        Matcher m = ROW.matcher(Files.readString(Path.of("docs/guarantees.md")));
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
        p.put("tributary.whatsapp.webhook-secret", SECRET);
        p.put("tributary.whatsapp.verify-token", "responses-verify-token");
        p.put("tributary.data-dir", Files.createTempDirectory("tributary-responses").toString());
        p.put("tributary.spool.max-bytes", "400");
        p.put("tributary.spool.drain-interval", "1h"); // the spool only fills
        p.put("tributary.http.request-timeout", "10s"); // the stalled request waits this long, alongside the others
        app = TributaryApp.start(p);
        try {
            CompletableFuture<String> stalled = stalled();
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
            answered.add(get("whatsapp", "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong"));
            answered.add(get("whatsapp", ""));
            answered.add(stalled.get(60, TimeUnit.SECONDS));
        } finally {
            app.close();
        }
        assertEquals(documented, answered);
    }
}
