package io.tributary.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;

/**
 * Stripe's {@code GET /v1/events} as its reference describes list endpoints: newest first, at most
 * {@code limit} (default 10, up to 100) in {@code data}, {@code has_more}; {@code starting_after=<id>}
 * gives the page just older than that event, {@code ending_before=<id>} the page just newer (still
 * newest first), and the two together are refused. Bearer key authentication; a 429 with
 * Retry-After on demand.
 */
public final class StripeSimulator extends JsonHttpSimulator {

    public static final String API_KEY = "rk_test_tributary";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Fault(int status, String retryAfter) {
    }

    /** Oldest first, as created; the API shows them the other way round. */
    private final List<ObjectNode> events = new ArrayList<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();

    public StripeSimulator() throws IOException {
        super();
    }

    /** Adds events evt_000001, ... created one second apart. */
    public synchronized List<String> add(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = events.size() + 1;
            ObjectNode e = JSON.createObjectNode();
            e.put("id", id(n));
            e.put("object", "event");
            e.put("created", 1717200000L + n);
            e.put("type", n % 2 == 0 ? "charge.succeeded" : "customer.updated");
            e.putObject("data").putObject("object").put("id", "ch_" + (n % 4)).put("object", "charge");
            events.add(e);
            ids.add(id(n));
        }
        return ids;
    }

    /** The event {@code id} as the API lists it, for a webhook carrying the same event. */
    public synchronized byte[] event(String id) {
        return events.stream().filter(e -> e.get("id").asText().equals(id)).findFirst()
                .map(e -> e.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
    }

    public static String id(int n) {
        return String.format("evt_%06d", n);
    }

    public void failNext(int status, String retryAfter) {
        faults.add(new Fault(status, retryAfter));
    }

    /** The raw query of every list call, in order. */
    public List<String> queries() {
        return List.copyOf(queries);
    }

    /** Events handed out in 200 answers, counting repeats. */
    public int served() {
        return served.get();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        queries.add(String.valueOf(ex.getRequestURI().getRawQuery()));
        Fault fault = faults.poll();
        if (fault != null) {
            if (fault.retryAfter() != null) {
                ex.getResponseHeaders().add("Retry-After", fault.retryAfter());
            }
            send(ex, fault.status(), "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\"}}");
            return;
        }
        if (!("Bearer " + API_KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}");
            return;
        }
        if (!ex.getRequestURI().getPath().equals("/v1/events")) {
            send(ex, 404, "{\"error\":{\"type\":\"invalid_request_error\"}}");
            return;
        }
        Map<String, String> q = query(ex);
        if (q.containsKey("starting_after") && q.containsKey("ending_before")) {
            send(ex, 400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"starting_after and ending_before are exclusive\"}}");
            return;
        }
        int limit = Math.max(1, Math.min(100, Integer.parseInt(q.getOrDefault("limit", "10"))));
        ObjectNode out = JSON.createObjectNode().put("object", "list").put("url", "/v1/events");
        ArrayNode data = out.putArray("data");
        synchronized (this) {
            List<ObjectNode> newestFirst = new ArrayList<>(events);
            java.util.Collections.reverse(newestFirst);
            int from = 0;
            int to = Math.min(limit, newestFirst.size());
            if (q.containsKey("starting_after") || q.containsKey("ending_before")) {
                String cursor = q.containsKey("starting_after") ? q.get("starting_after") : q.get("ending_before");
                int at = indexOf(newestFirst, cursor);
                if (at < 0) {
                    send(ex, 404, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"No such event: '" + cursor + "'\"}}");
                    return;
                }
                if (q.containsKey("starting_after")) {
                    from = at + 1;
                    to = Math.min(from + limit, newestFirst.size());
                } else {
                    to = at;
                    from = Math.max(0, at - limit);
                }
            }
            newestFirst.subList(from, to).forEach(data::add);
            boolean hasMore = q.containsKey("ending_before") ? from > 0 : to < newestFirst.size();
            out.put("has_more", hasMore);
        }
        served.addAndGet(data.size());
        send(ex, 200, out.toString());
    }

    private static int indexOf(List<ObjectNode> list, String id) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).get("id").asText().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
