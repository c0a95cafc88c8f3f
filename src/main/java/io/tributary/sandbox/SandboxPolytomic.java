package io.tributary.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Polytomic: {@code GET /api/events?starting_after=T&limit=N} (Bearer API key, events created
 * strictly after T, in no particular order) and signed webhooks of the form {@code {type, event}}.
 * Each tick adds a sync's running and completed events; the completed one is also pushed.
 */
final class SandboxPolytomic extends SandboxProvider {

    private static final String ORG = "5a1d7c9e-0000-4000-8000-00000000a11c";

    private final String webhookSecret = secret();
    private final String apiKey = secret();
    private final List<ObjectNode> events = new ArrayList<>();

    SandboxPolytomic() throws IOException {
        super("polytomic");
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.polytomic.webhook-secret", webhookSecret, "tributary.polytomic.api-key", apiKey,
                "tributary.polytomic.base-url", baseUrl(), "tributary.polytomic.poll-interval", "5s");
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        String sync = uuid();
        String execution = uuid();
        add("sync.running", sync, execution);
        ObjectNode completed = add("sync.completed", sync, execution);
        ObjectNode hook = JSON.createObjectNode();
        hook.set("type", completed.get("type"));
        hook.set("event", completed.get("event"));
        byte[] body = JSON.writeValueAsBytes(hook);
        webhooks.post(id(), body, Map.of("Polytomic-Signature", Webhooks.hex(Webhooks.hmac(webhookSecret, body))));
    }

    private synchronized ObjectNode add(String type, String sync, String execution) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", uuid());
        e.put("created_at", now());
        e.put("organization_id", ORG);
        e.put("type", type);
        ObjectNode ev = e.putObject("event");
        ev.put("execution_id", execution);
        ev.put("organization_id", ORG);
        ev.put("sync_id", sync);
        ev.put("target_connection_id", ORG);
        events.add(e);
        return e;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (!authorized(ex, "Authorization", "Bearer " + apiKey)) {
            return;
        }
        if (!ex.getRequestURI().getPath().equals("/api/events")) {
            send(ex, 404, "{}");
            return;
        }
        Map<String, String> q = query(ex);
        Instant after = q.containsKey("starting_after") ? Instant.parse(q.get("starting_after")) : Instant.EPOCH;
        int limit = Math.min(100, Integer.parseInt(q.getOrDefault("limit", "100")));
        List<ObjectNode> page = new ArrayList<>();
        synchronized (this) {
            for (ObjectNode e : events) {
                if (page.size() < limit && Instant.parse(e.get("created_at").asText()).isAfter(after)) {
                    page.add(e);
                }
            }
        }
        Collections.shuffle(page);
        ObjectNode out = JSON.createObjectNode();
        ArrayNode data = out.putArray("data");
        data.addAll(page);
        send(ex, 200, out.toString());
    }
}
