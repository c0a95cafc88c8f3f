package io.tributary.testing;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;

/**
 * Zenoo's {@code GET /api/gateway/sharable-payload/{token}}: each token follows a script of
 * statuses (204 while processing, 200 with the result, 404 for an invalid token); after the
 * script, the last status repeats.
 */
public final class ZenooSimulator extends JsonHttpSimulator {

    public static final String API_KEY = "zenoo-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Deque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> last = new ConcurrentHashMap<>();
    private final Map<String, String> references = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Map<String, java.util.Queue<java.time.Instant>> times = new ConcurrentHashMap<>();

    public ZenooSimulator() throws IOException {
        super();
    }

    public void script(String token, String externalReference, Integer... statuses) {
        scripts.put(token, new ArrayDeque<>(java.util.List.of(statuses)));
        references.put(token, externalReference);
    }

    /** When each pull of {@code token} arrived, in order. */
    public java.util.List<java.time.Instant> callTimes(String token) {
        return java.util.List.copyOf(times.getOrDefault(token, new java.util.concurrent.ConcurrentLinkedQueue<>()));
    }

    public int calls(String token) {
        return calls.computeIfAbsent(token, t -> new AtomicInteger()).get();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        if (!API_KEY.equals(ex.getRequestHeaders().getFirst("X-API-KEY"))) {
            send(ex, 401, "{}");
            return;
        }
        String prefix = "/api/gateway/sharable-payload/";
        String path = ex.getRequestURI().getPath();
        if (!path.startsWith(prefix)) {
            send(ex, 404, "{}");
            return;
        }
        String token = path.substring(prefix.length());
        calls.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
        times.computeIfAbsent(token, t -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(java.time.Instant.now());
        Deque<Integer> script = scripts.get(token);
        int status = script == null ? 404 : script.isEmpty() ? last.getOrDefault(token, 204) : script.poll();
        last.put(token, status);
        if (status == 200) {
            ObjectNode result = JSON.createObjectNode();
            result.put("case_reference", "AML-" + token);
            result.put("external_reference", references.get(token));
            result.put("processing_status", "complete");
            result.put("overall_verdict", "Pass");
            result.put("completed_at", "2026-11-22T10:00:00Z");
            send(ex, 200, result.toString());
        } else {
            send(ex, status, status == 404 ? "{\"error\":\"invalid token\"}" : "");
        }
    }
}
