package io.tributary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;

/**
 * The Alcmeon actions API: {@code GET /actions?min_action_id=N} gives at most 10 actions with a
 * greater id, deliberately in descending order (the order is not documented). It enforces the
 * rate limit like Alcmeon: over {@code limit} calls in a sliding window gets a 429 whose
 * {@code details} is a Python-style dict string with {@code rate_limited_until}.
 */
public final class AlcmeonSimulator extends JsonHttpSimulator {

    public static final String INSTANCE = "instance-1";
    public static final String SECRET = "app-secret-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> actions = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Instant> calls = new ArrayDeque<>();
    private final int limit;
    private final Duration window;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger limited = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    public AlcmeonSimulator(int limit, Duration window) throws IOException {
        super();
        this.limit = limit;
        this.window = window;
    }

    public synchronized ObjectNode add() {
        int id = actions.size() + 1;
        ObjectNode a = JSON.createObjectNode();
        a.put("id", id);
        a.put("type", id % 2 == 0 ? "answer" : "tag");
        a.put("date", "2024-01-22");
        a.put("time", String.format("13:%02d:%02d", (id / 60) % 60, id % 60));
        a.put("status", "done");
        ObjectNode task = a.putObject("task");
        task.put("id", 1000 + id);
        task.put("conversation_id", "conv-" + (id % 5));
        task.putObject("message").putObject("author").putObject("group").put("id", "g-" + (id % 3));
        ObjectNode account = a.putObject("account");
        account.put("id", 301);
        account.put("name", "Acme");
        account.put("type", "facebook");
        a.putObject("data");
        actions.add(a);
        return a;
    }

    public byte[] webhookBody(long notificationId, int actionId) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", notificationId);
        n.set("action", actions.get(actionId - 1));
        return JSON.writeValueAsBytes(n);
    }

    public int requests() {
        return requests.get();
    }

    public int rateLimited() {
        return limited.get();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String expected = "Basic " + Base64.getEncoder().encodeToString((INSTANCE + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        Instant now = Instant.now();
        synchronized (calls) {
            while (!calls.isEmpty() && !calls.peekFirst().plus(window).isAfter(now)) {
                calls.removeFirst();
            }
            if (calls.size() >= limit) {
                limited.incrementAndGet();
                Instant until = calls.peekFirst().plus(window);
                send(ex, 429, "{\"error\": \"Too many requests\", \"details\": \"{'rate_limited_until': '" + until + "'}\"}");
                return;
            }
            calls.addLast(now);
        }
        if (!ex.getRequestURI().getPath().equals("/actions")) {
            send(ex, 404, "{}");
            return;
        }
        Map<String, String> q = query(ex);
        long min = Long.parseLong(q.getOrDefault("min_action_id", "0"));
        ArrayNode out = JSON.createArrayNode();
        synchronized (this) {
            for (ObjectNode a : actions) {
                if (a.get("id").asLong() > min && out.size() < 10) {
                    out.add(a);
                }
            }
        }
        List<com.fasterxml.jackson.databind.JsonNode> reversed = new ArrayList<>();
        out.forEach(reversed::add);
        Collections.reverse(reversed);
        served.addAndGet(reversed.size());
        send(ex, 200, JSON.createArrayNode().addAll(reversed).toString());
    }
}
