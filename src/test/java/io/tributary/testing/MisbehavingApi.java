package io.tributary.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;

/**
 * A provider API that misbehaves on demand, as real ones do after a bad deploy: a proxy in front of
 * a well-behaved simulator (Thirdfort's, Stripe's, Polytomic's) that passes every call through
 * until {@link #misbehave} is given a {@link Fault}, which rewrites the query or the answer, or
 * withholds it, until {@link #heal}. It counts the calls that reach it, so a test can bound the
 * calls per minute while a fault lasts.
 */
public final class MisbehavingApi extends JsonHttpSimulator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One call: its query, and the well-behaved answer to any query, for the fault to use or not. */
    public final class Call {
        private final HttpExchange exchange;
        private final Map<String, String> query;

        private Call(HttpExchange exchange) {
            this.exchange = exchange;
            this.query = new LinkedHashMap<>(JsonHttpSimulator.query(exchange));
        }

        public Map<String, String> query() {
            return query;
        }

        /** The upstream's answer to this call with {@code query} instead of its own. */
        public ObjectNode upstream(Map<String, String> query) throws IOException {
            StringBuilder url = new StringBuilder(upstream).append(exchange.getRequestURI().getPath());
            char sep = '?';
            for (Map.Entry<String, String> e : query.entrySet()) {
                url.append(sep).append(enc(e.getKey())).append('=').append(enc(e.getValue()));
                sep = '&';
            }
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(10)).GET();
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Authorization") || name.toLowerCase().startsWith("x-")) {
                    values.forEach(v -> r.header(name, v));
                }
            });
            try {
                HttpResponse<byte[]> answer = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (answer.statusCode() != 200) {
                    throw new UpstreamError(answer.statusCode(), new String(answer.body(), StandardCharsets.UTF_8));
                }
                return (ObjectNode) JSON.readTree(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        public ObjectNode upstream() throws IOException {
            return upstream(query);
        }

        public void answer(JsonNode page) throws IOException {
            send(exchange, 200, page.toString());
        }

        public void answer(int status, String body) throws IOException {
            send(exchange, status, body);
        }

        public HttpExchange exchange() {
            return exchange;
        }
    }

    /** The upstream's error answer, passed on as it is: a test's log then shows the real refusal (Stripe's "No such event"). */
    private static final class UpstreamError extends IOException {
        private final int status;
        private final String body;

        private UpstreamError(int status, String body) {
            super("upstream answered " + status);
            this.status = status;
            this.body = body;
        }
    }

    /** What the API does to one call. */
    public interface Fault {
        void answer(Call call) throws IOException;
    }

    private final String upstream;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Fault fault;
    private volatile CountDownLatch healed = new CountDownLatch(1);

    public MisbehavingApi(String upstream) throws IOException {
        this.upstream = upstream;
    }

    public void misbehave(Fault f) {
        healed = new CountDownLatch(1);
        fault = f;
    }

    /** Behaves again from the next call; calls held by a fault are let go. */
    public void heal() {
        fault = null;
        healed.countDown();
    }

    public int calls() {
        return calls.get();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        calls.incrementAndGet();
        Call call = new Call(ex);
        Fault f = fault;
        try {
            if (f == null) {
                call.answer(call.upstream());
            } else {
                f.answer(call);
            }
        } catch (UpstreamError e) {
            call.answer(e.status, e.body);
        }
    }

    @Override
    public void close() {
        heal();
        super.close();
    }

    // The faults met in the field, one factory each.

    /** The items array under another name, the page still naming a next page (a renamed field). */
    public static Fault renameItems(String from, String to) {
        return call -> {
            ObjectNode page = call.upstream();
            JsonNode items = page.remove(from);
            page.set(to, items == null ? JSON.createArrayNode() : items);
            call.answer(page);
        };
    }

    /** The page's {@code field} (a next-page token) as {@code next} says, from the call's query. */
    public static Fault nextToken(String field, Function<Map<String, String>, String> next) {
        return call -> {
            ObjectNode page = call.upstream();
            page.put(field, next.apply(call.query()));
            call.answer(page);
        };
    }

    /** The API ignores a query parameter (Stripe's ending_before, a page token), answering as if it was not sent. */
    public static Fault ignore(String param, UnaryOperator<ObjectNode> then) {
        return call -> {
            Map<String, String> q = new LinkedHashMap<>(call.query());
            q.remove(param);
            call.answer(then.apply(call.upstream(q)));
        };
    }

    /** {@code item} first in the {@code items} array of every page whose query passes {@code when}. */
    public static Fault prepend(String items, ObjectNode item, Predicate<Map<String, String>> when) {
        return call -> {
            ObjectNode page = call.upstream();
            if (when.test(call.query())) {
                ArrayNode list = (ArrayNode) page.get(items);
                list.insert(0, item.deepCopy());
            }
            call.answer(page);
        };
    }

    /** The item whose {@code idField} is {@code id} grows a {@code padding} field to about {@code bytes}. */
    public static Fault inflate(String items, String idField, String id, int bytes) {
        String padding = "x".repeat(bytes);
        return call -> {
            ObjectNode page = call.upstream();
            page.get(items).forEach(i -> {
                if (i.path(idField).asText().equals(id)) {
                    ((ObjectNode) i).put("padding", padding);
                }
            });
            call.answer(page);
        };
    }

    /** The page's bytes at {@code bytesPerSecond}, the headers at once (a stalled proxy, a slow link). */
    public Fault trickle(int bytesPerSecond) {
        return call -> {
            byte[] body = call.upstream().toString().getBytes(StandardCharsets.UTF_8);
            HttpExchange ex = call.exchange();
            try (ex) {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                OutputStream out = ex.getResponseBody();
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    healed.await(1000L / bytesPerSecond, TimeUnit.MILLISECONDS); // once healed, the rest at once
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // the poller gave up on the call: what a deadline should do
            }
        };
    }

    /** 200 and headers, then nothing until healed or the client gives up. */
    public Fault headersThenSilence() {
        return call -> {
            HttpExchange ex = call.exchange();
            try (ex) {
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, 0);
                ex.getResponseBody().flush();
                healed.await(10, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // the poller gave up on the call
            }
        };
    }

    /**
     * {@code count} copies of the page's first item, each with its own {@code idField}: with 100,000
     * Stripe events (about 130 bytes each) a page of 12.8 MiB (13,388,933 bytes), with Thirdfort's items about 30 MB.
     */
    public static Fault hugePage(String items, String idField, int count) {
        return call -> {
            ObjectNode page = call.upstream();
            ArrayNode list = (ArrayNode) page.get(items);
            if (list.isEmpty()) {
                call.answer(page); // nothing to copy: a caught-up poll sees the empty page it asked for
                return;
            }
            ObjectNode template = (ObjectNode) list.get(0);
            ArrayNode huge = JSON.createArrayNode();
            for (int i = 0; i < count; i++) {
                huge.add(template.deepCopy().put(idField, "huge-" + i));
            }
            page.set(items, huge);
            call.answer(page);
        };
    }

    /** Every call answered {@code status} with {@code body} (a revoked key: 401). */
    public static Fault status(int status, String body) {
        return call -> call.answer(status, body);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
