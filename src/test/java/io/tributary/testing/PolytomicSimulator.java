package io.tributary.testing;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;

/**
 * The Polytomic Events API: {@code GET /api/events?starting_after=T&limit=N} returns at most N
 * events created strictly after T, in no particular order (shuffled here). Events can be held
 * back and released later, like webhooks that arrive before the API shows the event.
 */
public final class PolytomicSimulator extends JsonHttpSimulator {

    public static final String API_KEY = "poly-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> events = Collections.synchronizedList(new ArrayList<>());
    private volatile int visible;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<String> startingAfter = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PolytomicSimulator() throws IOException {
        super();
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

    /** Only the first {@code n} events exist for the API (the rest arrive later). */
    public void setVisible(int n) {
        this.visible = n;
    }

    public int calls() {
        return calls.get();
    }

    /** The starting_after of every authorised call, in order: where each poll began. */
    public List<String> startingAfter() {
        return List.copyOf(startingAfter);
    }

    /** The webhook form of event i: {@code {type, event}}, without the API's id and created_at. */
    public byte[] webhookBody(int i) throws IOException {
        ObjectNode e = events.get(i);
        ObjectNode w = JSON.createObjectNode();
        w.set("type", e.get("type"));
        w.set("event", e.get("event"));
        return JSON.writeValueAsBytes(w);
    }

    /** An event whose created_at does not parse (a provider bug) is listed every time. */
    private static boolean createdAfter(ObjectNode e, Instant after) {
        try {
            return Instant.parse(e.get("created_at").asText()).isAfter(after);
        } catch (java.time.format.DateTimeParseException unparseable) {
            return true;
        }
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        if (!("Bearer " + API_KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))
                || ex.getRequestHeaders().getFirst("X-Polytomic-Version") == null) {
            send(ex, 401, "{}");
            return;
        }
        Map<String, String> q = query(ex);
        startingAfter.add(q.get("starting_after"));
        Instant after = Instant.parse(q.get("starting_after"));
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
