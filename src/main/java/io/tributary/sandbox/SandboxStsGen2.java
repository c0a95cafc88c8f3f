package io.tributary.sandbox;

import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Oracle Simphony STS Gen2: the notification management API that Tributary registers its key and
 * subscriptions with at start-up. Deliveries start only once registered, signed with the key
 * Tributary registered (not the one the sandbox configured), so the registration really ran.
 * Each tick posts one batch of two CheckNotifications; Tributary spools it before answering.
 */
final class SandboxStsGen2 extends SandboxProvider {

    private static final String ORG = "sandbox";
    private static final String API = "/api/v1/notifications";

    private final String keyId = uuid();
    private final String key = secret();
    private final String token = secret();
    private final String callbackUri;
    private final List<JsonNode> subscriptions = new CopyOnWriteArrayList<>();
    private volatile JsonNode registration;
    private int checks;

    SandboxStsGen2(String tributaryBase) throws IOException {
        super("sts-gen2");
        this.callbackUri = tributaryBase + Webhooks.path(id());
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.sts-gen2.keys", keyId + "=" + key, "tributary.sts-gen2.base-url", baseUrl(),
                "tributary.sts-gen2.token", token, "tributary.sts-gen2.org-short-name", ORG,
                "tributary.sts-gen2.loc-ref", "loc1", "tributary.sts-gen2.callback-uri", callbackUri);
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        JsonNode reg = registration;
        if (reg == null || subscriptions.stream().noneMatch(s -> callbackUri.equals(s.path("callbackUri").asText()))) {
            return; // not registered yet: STS Gen2 has nobody to notify
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < 2; i++) {
            int n = ++checks;
            ObjectNode m = messages.addObject();
            m.put("id", uuid());
            m.put("creationDate", now());
            m.putObject("messageType").put("id", "CheckNotification");
            ObjectNode r = m.putObject("resource");
            r.put("orgShortName", ORG);
            r.put("locRef", "loc1");
            r.put("rvcRef", String.valueOf(40 + n % 3));
            r.put("checkRef", String.format("%040x", n));
            ObjectNode data = m.putObject("data");
            data.put("status", n % 2 == 0 ? "Closed" : "Submitted");
            data.put("timeStampUtc", now());
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        byte[] hmacKey = Base64.getDecoder().decode(reg.path("hmacKey").asText());
        webhooks.post(id(), bytes, Map.of("Key-Id", reg.path("keyId").asText(),
                "Digest", Webhooks.base64(Webhooks.hmac(hmacKey, bytes))));
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (!authorized(ex, "Authorization", "Bearer " + token)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals(API + "/registration") && method.equals("PUT")) {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (!"hmac-sha256".equals(body.path("keyType").asText()) || body.path("keyId").asText().isBlank()) {
                send(ex, 400, "{\"error\":\"keyId and keyType hmac-sha256 are required\"}");
                return;
            }
            registration = body;
            send(ex, 204, "");
        } else if (path.equals(API + "/subscriptions") && method.equals("GET")) {
            ObjectNode out = JSON.createObjectNode();
            out.putArray("items").addAll(subscriptions);
            send(ex, 200, out.toString());
        } else if (path.equals(API + "/subscriptions") && method.equals("POST")) {
            ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody());
            body.put("id", uuid());
            subscriptions.add(body);
            send(ex, 201, body.toString());
        } else {
            send(ex, 404, "{}");
        }
    }
}
