package io.tributary.sandbox;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The Polytomic Events API, for the sandbox and the tests: {@code GET /api/events?starting_after=T&limit=N}
 * (Bearer API key and an {@code X-Polytomic-Version}) returns at most N events created strictly
 * after T, in no particular order (shuffled here). Events can be held back and released later,
 * like webhooks that arrive before the API shows the event. In the sandbox each tick adds a sync's
 * running and completed events and pushes the completed one as a signed webhook {@code {type, event}}.
 */
public final class PolytomicSimulator extends SandboxProvider {

    /** The API key of {@link #PolytomicSimulator()} (tests); the sandbox's is generated. */
    public static final String API_KEY = "poly-api-key";
    private static final String SANDBOX_ORG = "5a1d7c9e-0000-4000-8000-00000000a11c";

    private final String apiKey;
    private final String webhookSecret = secret();
    private final List<ObjectNode> events = Collections.synchronizedList(new ArrayList<>());
    private volatile int visible = Integer.MAX_VALUE;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> startingAfter = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PolytomicSimulator() throws IOException {
        this(API_KEY);
    }

    private PolytomicSimulator(String apiKey) throws IOException {
        super("polytomic");
        this.apiKey = apiKey;
    }

    /** The sandbox's: a generated API key. */
    static PolytomicSimulator forSandbox() throws IOException {
        return new PolytomicSimulator(secret());
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
        byte[] body = webhookBody(completed);
        webhooks.post(id(), body, Map.of("Polytomic-Signature", Webhooks.hex(Webhooks.hmac(webhookSecret, body))));
    }

    private ObjectNode add(String type, String sync, String execution) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", uuid());
        e.put("created_at", now());
        e.put("organization_id", SANDBOX_ORG);
        e.put("type", type);
        ObjectNode ev = e.putObject("event");
        ev.put("execution_id", execution);
        ev.put("organization_id", SANDBOX_ORG);
        ev.put("sync_id", sync);
        ev.put("target_connection_id", SANDBOX_ORG);
        events.add(e);
        return e;
    }

    /** Adds {@code count} events, {@code perInstant} sharing each created_at, starting at {@code start}. */
    public synchronized List<ObjectNode> add(int count, int perInstant, Instant start) {
        List<ObjectNode> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = events.size();
            ObjectNode e = JSON.createObjectNode();
            e.put("id", "api-" + n);
            e.put("created_at", start.plusSeconds(n / perInstant).toString());
            e.put("organization_id", "org-1");
            e.put("type", n % 2 == 0 ? "sync.completed" : "bulk_sync.completed_with_error");
            ObjectNode ev = e.putObject("event");
            ev.put("execution_id", "exec-" + n);
            ev.put("sync_id", "sync-" + (n % 7));
            ev.put("organization_id", "org-1");
            ev.put(n % 2 == 0 ? "name" : "sync_name", "sync " + (n % 7));
            events.add(e);
            added.add(e);
        }
        return added;
    }

    /** Only the first {@code n} events exist for the API (the rest arrive later); all by default. */
    public void setVisible(int n) {
        this.visible = n;
    }

    public int calls() {
        return calls.get();
    }

    /** The starting_after of every authorised call, in order: where each poll began. */
    public List<String> startingAfter() {
        return Collections.unmodifiableList(new ArrayList<>(startingAfter)); // a first read has none: null
    }

    /** The webhook form of event i: {@code {type, event}}, without the API's id and created_at. */
    public byte[] webhookBody(int i) throws IOException {
        return webhookBody(events.get(i));
    }

    private static byte[] webhookBody(ObjectNode e) throws IOException {
        ObjectNode w = JSON.createObjectNode();
        w.set("type", e.get("type"));
        w.set("event", e.get("event"));
        return JSON.writeValueAsBytes(w);
    }

    /** An event whose created_at does not parse (a provider bug) is listed every time. */
    private static boolean createdAfter(ObjectNode e, Instant after) {
        try {
            return Instant.parse(e.get("created_at").asText()).isAfter(after);
        } catch (DateTimeParseException unparseable) {
            return true;
        }
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        if (ex.getRequestHeaders().getFirst("X-Polytomic-Version") == null) {
            send(ex, 401, "{\"error\":\"missing X-Polytomic-Version\"}");
            return;
        }
        if (!authorized(ex, "Authorization", "Bearer " + apiKey)) {
            return;
        }
        if (!ex.getRequestURI().getPath().equals("/api/events")) {
            send(ex, 404, "{}");
            return;
        }
        Map<String, String> q = query(ex);
        startingAfter.add(q.get("starting_after"));
        Instant after = q.containsKey("starting_after") ? Instant.parse(q.get("starting_after")) : Instant.EPOCH;
        int limit = Math.min(100, Integer.parseInt(q.getOrDefault("limit", "100")));
        List<ObjectNode> page = new ArrayList<>();
        synchronized (events) {
            for (int i = 0; i < Math.min(visible, events.size()) && page.size() < limit; i++) {
                if (createdAfter(events.get(i), after)) {
                    page.add(events.get(i));
                }
            }
        }
        Collections.shuffle(page);
        ObjectNode out = JSON.createObjectNode();
        out.putArray("data").addAll(page);
        send(ex, 200, out.toString());
    }
}
