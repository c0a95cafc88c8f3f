package io.tributary.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Thirdfort: an OAuth2 client-credentials token endpoint and ListNotifications (oldest first,
 * {@code page_token} = the id of the last notification returned). Each tick adds two
 * notifications; the first is also sent as a webhook, so the poller sees a copy the core drops.
 */
final class SandboxThirdfort extends SandboxProvider {

    private static final String ORG = "sandbox-org";
    private static final String[] TYPES = {"check_complete.v1", "report_generated.v1", "ongoing_monitoring_hit.v1",
            "ongoing_monitoring_started.v1", "ongoing_monitoring_renewed.v1"};

    private final String webhookSecret = secret();
    private final String clientId = "sandbox-" + uuid();
    private final String clientSecret = secret();
    private final List<ObjectNode> notifications = new ArrayList<>();
    private volatile String accessToken = "none";

    SandboxThirdfort() throws IOException {
        super("thirdfort");
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.thirdfort.webhook-secret", webhookSecret, "tributary.thirdfort.client-id", clientId,
                "tributary.thirdfort.client-secret", clientSecret, "tributary.thirdfort.token-url", baseUrl() + "/oauth2/token",
                "tributary.thirdfort.base-url", baseUrl(), "tributary.thirdfort.organization", ORG,
                "tributary.thirdfort.poll-interval", "5s");
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        ObjectNode pushed = add();
        add();
        byte[] body = JSON.writeValueAsBytes(pushed);
        String name = pushed.get("name").asText();
        webhooks.post(id(), body, Map.of("x-thirdfort-signature", Webhooks.base64(Webhooks.hmac(webhookSecret, body)),
                "x-thirdfort-notification-id", name.substring(name.lastIndexOf('/') + 1),
                "x-thirdfort-notification-type", pushed.get("type").asText()));
    }

    private synchronized ObjectNode add() {
        int n = notifications.size() + 1;
        String type = TYPES[n % TYPES.length];
        ObjectNode o = JSON.createObjectNode();
        o.put("name", "organizations/" + ORG + "/notifications/SBX" + String.format("%08d", n));
        o.put("type", "notification.client." + type);
        o.put("createTime", now());
        ObjectNode payload = o.putObject("payload");
        payload.put("@type", "type.googleapis.com/thirdfort.client.notifications.v1.CheckCompleteData");
        payload.put("check", "organizations/" + ORG + "/teams/default/checks/CHK" + (n % 4));
        payload.put("displayName", "Sandbox Person " + (n % 4) + " ID Verification");
        payload.put("state", "COMPLETE");
        payload.put("recommendation", "APPROVE");
        if (type.startsWith("ongoing_monitoring_hit")) {
            payload.put("hitCount", 1);
        }
        notifications.add(o);
        return o;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/oauth2/token")) {
            Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"client_credentials".equals(f.get("grant_type")) || !clientId.equals(f.get("client_id"))
                    || !clientSecret.equals(f.get("client_secret"))) {
                send(ex, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            accessToken = secret();
            send(ex, 200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        } else if (path.equals("/v1/organizations/" + ORG + "/notifications")) {
            if (authorized(ex, "Authorization", "Bearer " + accessToken)) {
                send(ex, 200, page(query(ex)));
            }
        } else {
            send(ex, 404, "{}");
        }
    }

    private synchronized String page(Map<String, String> q) {
        int size = Integer.parseInt(q.getOrDefault("page_size", "100"));
        String token = q.get("page_token");
        int start = token == null ? 0 : Integer.parseInt(token.substring(3));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("notifications");
        for (int i = start; i < notifications.size() && arr.size() < size; i++) {
            arr.add(notifications.get(i));
        }
        if (!arr.isEmpty()) {
            String last = arr.get(arr.size() - 1).get("name").asText();
            out.put("nextPageToken", last.substring(last.lastIndexOf('/') + 1));
        }
        return out.toString();
    }
}
