package io.tributary.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Zenoo's {@code GET /api/gateway/sharable-payload/{token}} (X-API-KEY), for the sandbox and the
 * tests: each token follows a script of statuses (204 while processing, 200 with the result, 404
 * for an invalid token) and the last status repeats; an unknown token is 404. In the sandbox each
 * tick sends a signed ping carrying a new pull token (scripted 204, then 200, so the pull plan
 * runs) and a journey webhook.
 */
public final class ZenooSimulator extends SandboxProvider {

    /** The API key of {@link #ZenooSimulator()} (tests); the sandbox's is generated. */
    public static final String API_KEY = "zenoo-api-key";
    private static final String PREFIX = "/api/gateway/sharable-payload/";

    private final String apiKey;
    private final String webhookSecret = secret();
    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> last = new ConcurrentHashMap<>();
    private final Map<String, String> references = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, Queue<Instant>> times = new ConcurrentHashMap<>();
    private int journeys;

    public ZenooSimulator() throws IOException {
        this(API_KEY);
    }

    private ZenooSimulator(String apiKey) throws IOException {
        super("zenoo");
        this.apiKey = apiKey;
    }

    /** The sandbox's: a generated API key. */
    static ZenooSimulator forSandbox() throws IOException {
        return new ZenooSimulator(secret());
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.zenoo.webhook-secret", webhookSecret, "tributary.zenoo.api-key", apiKey,
                "tributary.zenoo.base-url", baseUrl(), "tributary.zenoo.fast-interval", "1s",
                "tributary.zenoo.fast-phase", "10s", "tributary.zenoo.slow-interval", "3s",
                "tributary.zenoo.timeout", "30s", "tributary.zenoo.fallback-interval", "10s",
                "tributary.zenoo.give-up-after", "5m");
    }

    public void script(String token, String externalReference, Integer... statuses) {
        scripts.put(token, new ArrayDeque<>(List.of(statuses)));
        references.put(token, externalReference);
    }

    /** When each pull of {@code token} arrived, in order. */
    public List<Instant> callTimes(String token) {
        return List.copyOf(times.getOrDefault(token, new ConcurrentLinkedQueue<>()));
    }

    public int calls(String token) {
        return calls.computeIfAbsent(token, t -> new AtomicInteger()).get();
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        int n;
        synchronized (this) {
            n = ++journeys;
        }
        String token = secret().replaceAll("[^A-Za-z0-9]", "");
        String reference = "sandbox-ref-" + n;
        script(token, reference, 204, 200);
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
        if (!path.startsWith(PREFIX)) {
            send(ex, 404, "{}");
            return;
        }
        String token = path.substring(PREFIX.length());
        calls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        times.computeIfAbsent(token, t -> new ConcurrentLinkedQueue<>()).add(Instant.now());
        Deque<Integer> script = scripts.get(token);
        int status = script == null ? 404 : script.isEmpty() ? last.getOrDefault(token, 204) : script.poll();
        last.put(token, status);
        if (status == 200) {
            ObjectNode result = JSON.createObjectNode();
            result.put("case_reference", "AML-" + references.get(token));
            result.put("external_reference", references.get(token));
            result.put("processing_status", "complete");
            result.put("overall_verdict", "Pass");
            result.put("risk_tier", "Low");
            result.put("completed_at", now());
            send(ex, 200, result.toString());
        } else {
            send(ex, status, status == 404 ? "{\"error\":\"invalid token\"}" : "");
        }
    }
}
