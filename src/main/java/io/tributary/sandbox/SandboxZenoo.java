package io.tributary.sandbox;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Zenoo: {@code GET /api/gateway/sharable-payload/{token}} (X-API-KEY) answers 204 (processing)
 * at the first pull of a token and 200 with the result after, so the pull plan runs. Each tick
 * sends a signed ping carrying a new pull token, and a journey webhook.
 */
final class SandboxZenoo extends SandboxProvider {

    private static final String PREFIX = "/api/gateway/sharable-payload/";

    private final String webhookSecret = secret();
    private final String apiKey = secret();
    private final Map<String, String> references = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pulls = new ConcurrentHashMap<>();
    private int journeys;

    SandboxZenoo() throws IOException {
        super("zenoo");
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.zenoo.webhook-secret", webhookSecret, "tributary.zenoo.api-key", apiKey,
                "tributary.zenoo.base-url", baseUrl(), "tributary.zenoo.fast-interval", "1s",
                "tributary.zenoo.fast-phase", "10s", "tributary.zenoo.slow-interval", "3s",
                "tributary.zenoo.timeout", "30s", "tributary.zenoo.fallback-interval", "10s",
                "tributary.zenoo.give-up-after", "5m");
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        int n = ++journeys;
        String token = secret().replaceAll("[^A-Za-z0-9]", "");
        String reference = "sandbox-ref-" + n;
        references.put(token, reference);
        ObjectNode ping = JSON.createObjectNode();
        ping.put("pull_token", token);
        ping.put("external_reference", reference);
        post(webhooks, ping);
        ObjectNode journey = JSON.createObjectNode();
        journey.put("event_type", n % 2 == 0 ? "screening.completed" : "journey.abandoned");
        journey.put("timestamp", now());
        journey.put("journey_id", "journey-" + uuid());
        journey.put("callback_reference", reference);
        journey.put("status", n % 2 == 0 ? "completed" : "abandoned");
        journey.putObject("data").put("project", "sandbox-onboarding");
        post(webhooks, journey);
    }

    private void post(Webhooks webhooks, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        webhooks.post(id(), bytes, Map.of("X-Zenoo-Signature", "sha256=" + Webhooks.hex(Webhooks.hmac(webhookSecret, bytes))));
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (!authorized(ex, "X-API-KEY", apiKey)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        String token = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        String reference = references.get(token);
        if (reference == null) {
            send(ex, 404, "{\"error\":\"invalid token\"}");
        } else if (pulls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet() == 1) {
            send(ex, 204, "");
        } else {
            ObjectNode result = JSON.createObjectNode();
            result.put("case_reference", "AML-" + reference);
            result.put("external_reference", reference);
            result.put("processing_status", "complete");
            result.put("overall_verdict", "Pass");
            result.put("risk_tier", "Low");
            result.put("completed_at", now());
            send(ex, 200, result.toString());
        }
    }
}
