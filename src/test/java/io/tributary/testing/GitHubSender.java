package io.tributary.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;

/**
 * Sends webhooks the way GitHub does: the event name and a delivery GUID in headers (a
 * redelivery repeats the GUID), {@code X-Hub-Signature-256: sha256=<hex HMAC of the body>}.
 */
public final class GitHubSender {

    public static final String HOOK_ID = "292430182";

    private final String secret;

    public GitHubSender(String secret) {
        this.secret = secret;
    }

    public static String signature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(ProviderSigning.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), "", body));
    }

    /** The documented push example, for another repository so tests can tell their events apart. */
    public static byte[] push(String repository) {
        ObjectNode body = (ObjectNode) Json.read(Fixtures.bytes("github", "push-event.json"));
        ((ObjectNode) body.get("repository")).put("full_name", repository);
        return Json.write(body);
    }

    public Map<String, String> headers(String delivery, String event, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", "GitHub-Hookshot/044aadd");
        h.put("X-GitHub-Delivery", delivery);
        h.put("X-GitHub-Event", event);
        h.put("X-GitHub-Hook-ID", HOOK_ID);
        h.put("X-Hub-Signature-256", signature(secret, body));
        return h;
    }

    public HttpResponse<String> send(TributaryApp app, String delivery, String event, byte[] body) throws IOException, InterruptedException {
        return app.post("github", body, headers(delivery, event, body));
    }
}
