package io.tributary.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The Alcmeon actions API, for the sandbox and the tests: {@code GET /actions?min_action_id=N}
 * (Basic auth) gives at most 10 actions with a greater id, deliberately newest first (the order is
 * not documented). It enforces a rate limit like Alcmeon: over {@code limit} calls in a sliding
 * window gets a 429 whose {@code details} is a Python-style dict string with
 * {@code rate_limited_until}. In the sandbox each tick adds two actions and pushes only the first
 * as a signed webhook; the notification id skips the second, the gap that makes Tributary's
 * reconciler poll it.
 */
public final class AlcmeonSimulator extends SandboxProvider {

    /** The credentials of {@link #AlcmeonSimulator(int, Duration)} (tests); the sandbox's are generated. */
    public static final String INSTANCE = "instance-1";
    public static final String SECRET = "app-secret-1";
    private static final String[] TYPES = {"task-create", "answer", "tag", "assign-to", "archive"};

    private final String instanceId;
    private final String applicationSecret;
    private final String webhookSecret = secret();
    private final List<ObjectNode> actions = new ArrayList<>();
    private final Deque<Instant> calls = new ArrayDeque<>();
    private final int limit;
    private final Duration window;
    private final AtomicInteger limited = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();

    /** {@link #INSTANCE} and {@link #SECRET}, at most {@code limit} calls per sliding {@code window}. */
    public AlcmeonSimulator(int limit, Duration window) throws IOException {
        this(INSTANCE, SECRET, limit, window);
    }

    private AlcmeonSimulator(String instanceId, String applicationSecret, int limit, Duration window) throws IOException {
        super("alcmeon");
        this.instanceId = instanceId;
        this.applicationSecret = applicationSecret;
        this.limit = limit;
        this.window = window;
    }

    /** The sandbox's: generated credentials, no rate limit. */
    static AlcmeonSimulator forSandbox() throws IOException {
        return new AlcmeonSimulator("sandbox-" + uuid(), secret(), Integer.MAX_VALUE, Duration.ofMinutes(1));
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
        byte[] body = webhookBody(pushed.get("id").asLong(), pushed.get("id").asInt());
        byte[] signed = (Webhooks.path(id()) + " ").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, message, 0, signed.length);
        System.arraycopy(body, 0, message, signed.length, body.length);
        webhooks.post(id(), body, Map.of("X-Alcmeon-Webhook-Signature", Webhooks.hex(Webhooks.hmac(webhookSecret, message))));
    }

    /** Adds the next action (ids 1, 2, …), done now. */
    public synchronized ObjectNode add() {
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
        message.put("text", "Hello from the simulator");
        message.putObject("author").putObject("group").put("id", "user-group-" + (id % 3));
        a.putObject("account").put("id", 301).put("name", "Sandbox Support").put("type", "facebook");
        a.putObject("data");
        actions.add(a);
        return a;
    }

    /** A webhook notification {@code {id, action}} carrying action {@code actionId}. */
    public synchronized byte[] webhookBody(long notificationId, int actionId) throws IOException {
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
        String basic = Base64.getEncoder().encodeToString((instanceId + ":" + applicationSecret).getBytes(StandardCharsets.UTF_8));
        if (!authorized(ex, "Authorization", "Basic " + basic)) {
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
        long min = Long.parseLong(query(ex).getOrDefault("min_action_id", "0"));
        ArrayNode newestFirst = JSON.createArrayNode();
        synchronized (this) {
            List<ObjectNode> page = actions.stream().filter(a -> a.get("id").asLong() > min).limit(10).toList();
            for (int i = page.size() - 1; i >= 0; i--) {
                newestFirst.add(page.get(i));
            }
        }
        send(ex, 200, newestFirst.toString());
    }
}
