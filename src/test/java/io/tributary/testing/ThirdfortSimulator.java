package io.tributary.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Thirdfort API on 127.0.0.1 as the contract describes it: an OAuth2 client-credentials token
 * endpoint and ListNotifications, oldest first, paged by {@code page_token} (the id of the last
 * notification returned). It can fail on demand: a status (500, 429 with Retry-After), a held
 * (slow) response, or revoked tokens. It stops with {@link #close()}.
 */
public final class ThirdfortSimulator implements AutoCloseable {

    public static final String ORG = "acme-corp";
    public static final String CLIENT_ID = "client-123";
    public static final String CLIENT_SECRET = "client-secret-456";
    private static final String[] TYPES = {"check_complete.v1", "report_generated.v1", "ongoing_monitoring_hit.v1",
            "ongoing_monitoring_started.v1", "ongoing_monitoring_renewed.v1"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Fault(int status, String retryAfter, Duration hold) {
    }

    private final HttpServer server;
    private final List<ObjectNode> notifications = new ArrayList<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private final AtomicInteger listCalls = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String validToken;
    private volatile int maxPageSize = 100;

    public ThirdfortSimulator() throws IOException {
        // Without TCP_NODELAY the JDK server's split header/body writes meet the client's delayed ACK: 40 ms a response.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/oauth2/token", this::token);
        server.createContext("/v1/organizations/", this::list);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The settings that point Tributary's Thirdfort poller at this simulator. */
    public Map<String, String> pollerSettings() {
        return Map.of("tributary.thirdfort.base-url", baseUrl(),
                "tributary.thirdfort.token-url", tokenUrl(),
                "tributary.thirdfort.organization", ORG,
                "tributary.thirdfort.client-id", CLIENT_ID,
                "tributary.thirdfort.client-secret", CLIENT_SECRET);
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth2/token";
    }

    /** Adds notifications with ids N000001..., created one second apart, types rotating over all five. */
    public synchronized List<ObjectNode> add(int count) {
        List<ObjectNode> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = notifications.size() + 1;
            ObjectNode o = JSON.createObjectNode();
            String id = String.format("N%07d", n);
            o.put("name", "organizations/" + ORG + "/notifications/" + id);
            o.put("type", "notification.client." + TYPES[n % TYPES.length]);
            o.put("createTime", Instant.parse("2024-06-01T00:00:00Z").plusSeconds(n).toString());
            ObjectNode payload = o.putObject("payload");
            payload.put("@type", "type.googleapis.com/thirdfort.client.notifications.v1.CheckCompleteData");
            payload.put("check", "organizations/" + ORG + "/teams/default/checks/C" + (n % 7));
            payload.put("state", "COMPLETE");
            notifications.add(o);
            added.add(o);
        }
        return added;
    }

    public synchronized byte[] notificationBytes(int index) throws IOException {
        return JSON.writeValueAsBytes(notifications.get(index));
    }

    public void failNext(int status, String retryAfter) {
        faults.add(new Fault(status, retryAfter, null));
    }

    /** The next list call is held up to {@code hold} before it answers (a slow provider). */
    public void holdNext(Duration hold) {
        faults.add(new Fault(200, null, hold));
    }

    public void revokeTokens() {
        validToken = null;
    }

    public void setMaxPageSize(int max) {
        this.maxPageSize = max;
    }

    public int tokenCalls() {
        return tokenCalls.get();
    }

    public int listCalls() {
        return listCalls.get();
    }

    /** Notifications handed out in 200 answers, counting repeats. */
    public int served() {
        return served.get();
    }

    private void token(HttpExchange ex) throws IOException {
        tokenCalls.incrementAndGet();
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(form.get("grant_type")) || !CLIENT_ID.equals(form.get("client_id"))
                || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            send(ex, 401, "{\"error\":\"invalid_client\"}", null);
            return;
        }
        validToken = "tok-" + tokenCalls.get();
        send(ex, 200, "{\"access_token\":\"" + validToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}", null);
    }

    private void list(HttpExchange ex) throws IOException {
        listCalls.incrementAndGet();
        Fault fault = faults.poll();
        if (fault != null && fault.hold() != null) {
            try {
                released.await(fault.hold().toMillis(), TimeUnit.MILLISECONDS); // simulated provider latency
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (fault != null) {
            send(ex, fault.status(), "{\"error\":\"simulated\"}", fault.retryAfter());
            return;
        }
        if (validToken == null || !("Bearer " + validToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"unauthenticated\"}", null);
            return;
        }
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/v1/organizations/" + ORG + "/notifications")) {
            send(ex, 404, "{}", null);
            return;
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        int pageSize = Math.min(Integer.parseInt(q.getOrDefault("page_size", "25")), maxPageSize);
        String token = q.get("page_token");
        String filter = q.get("filter");
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("notifications");
        synchronized (this) {
            int start = 0;
            if (token != null) {
                start = Integer.parseInt(token.substring(1));
            } else if (filter != null) {
                String since = filter.replaceAll(".*create_time > \"([^\"]+)\".*", "$1");
                while (start < notifications.size() && !Instant.parse(notifications.get(start).get("createTime").asText()).isAfter(Instant.parse(since))) {
                    start++;
                }
            }
            for (int i = start; i < notifications.size() && arr.size() < pageSize; i++) {
                arr.add(notifications.get(i));
            }
        }
        if (!arr.isEmpty()) {
            String last = arr.get(arr.size() - 1).get("name").asText();
            out.put("nextPageToken", last.substring(last.lastIndexOf('/') + 1));
        }
        served.addAndGet(arr.size());
        send(ex, 200, JSON.writeValueAsString(out), null);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body, String retryAfter) throws IOException {
        try (InputStream ignored = ex.getRequestBody()) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            if (retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
