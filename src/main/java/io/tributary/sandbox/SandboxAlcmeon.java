package io.tributary.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Alcmeon: {@code GET /actions?min_action_id=N} (Basic auth, at most 10 actions, newest first:
 * the order is not documented) and signed webhooks of one action each. Each tick adds two actions
 * and pushes only the first; the notification id skips the second, which is the gap that makes
 * Tributary's reconciler poll it.
 */
final class SandboxAlcmeon extends SandboxProvider {

    private static final String[] TYPES = {"task-create", "answer", "tag", "assign-to", "archive"};

    private final String webhookSecret = secret();
    private final String instanceId = "sandbox-" + uuid();
    private final String applicationSecret = secret();
    private final List<ObjectNode> actions = new ArrayList<>();

    SandboxAlcmeon() throws IOException {
        super("alcmeon");
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.alcmeon.webhook-secret", webhookSecret, "tributary.alcmeon.instance-id", instanceId,
                "tributary.alcmeon.application-secret", applicationSecret, "tributary.alcmeon.base-url", baseUrl(),
                "tributary.alcmeon.poll-interval", "10s");
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        ObjectNode pushed = add();
        add();
        ObjectNode notification = JSON.createObjectNode();
        notification.put("id", pushed.get("id").asLong());
        notification.set("action", pushed);
        byte[] body = JSON.writeValueAsBytes(notification);
        byte[] signed = (Webhooks.path(id()) + " ").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, message, 0, signed.length);
        System.arraycopy(body, 0, message, signed.length, body.length);
        webhooks.post(id(), body, Map.of("X-Alcmeon-Webhook-Signature", Webhooks.hex(Webhooks.hmac(webhookSecret, message))));
    }

    private synchronized ObjectNode add() {
        int id = actions.size() + 1;
        LocalDateTime at = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id);
        a.put("type", TYPES[id % TYPES.length]);
        a.put("date", at.toLocalDate().toString());
        a.put("time", at.toLocalTime().toString());
        a.put("status", "done");
        a.putObject("user").put("id", 17).put("name", "Sandbox Agent");
        ObjectNode task = a.putObject("task");
        task.put("id", 5000 + id);
        task.put("conversation_id", "conv-" + (id % 5));
        task.put("state", "open");
        ObjectNode message = task.putObject("message");
        message.put("id", "m-" + id);
        message.put("text", "Hello from the sandbox");
        message.putObject("author").putObject("group").put("id", "user-group-" + (id % 3));
        a.putObject("account").put("id", 301).put("name", "Sandbox Support").put("type", "facebook");
        a.putObject("data");
        actions.add(a);
        return a;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String basic = java.util.Base64.getEncoder().encodeToString((instanceId + ":" + applicationSecret).getBytes(StandardCharsets.UTF_8));
        if (!authorized(ex, "Authorization", "Basic " + basic)) {
            return;
        }
        if (!ex.getRequestURI().getPath().equals("/actions")) {
            send(ex, 404, "{}");
            return;
        }
        long min = Long.parseLong(query(ex).getOrDefault("min_action_id", "0"));
        ArrayNode out = JSON.createArrayNode();
        synchronized (this) {
            for (int i = actions.size() - 1; i >= 0; i--) {
                if (actions.get(i).get("id").asLong() > min) {
                    out.insert(0, actions.get(i));
                }
            }
        }
        while (out.size() > 10) {
            out.remove(out.size() - 1);
        }
        ArrayNode newestFirst = JSON.createArrayNode();
        out.forEach(a -> newestFirst.insert(0, a));
        send(ex, 200, newestFirst.toString());
    }
}
