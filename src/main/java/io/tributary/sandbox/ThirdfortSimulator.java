package io.tributary.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Thirdfort's API as the contract describes it, for the sandbox and the tests: an OAuth2
 * client-credentials token endpoint and ListNotifications, oldest first, paged by
 * {@code page_token} (the id of the last notification returned), optionally filtered by
 * {@code create_time > "…"}. It fails on demand: a status (500, 429 with Retry-After), a held
 * (slow) answer, revoked tokens. In the sandbox each tick adds two notifications and pushes the
 * first as a signed webhook, so the poller sees a copy the core drops.
 */
public final class ThirdfortSimulator extends SandboxProvider {

    /** The organisation and client of {@link #ThirdfortSimulator()} (tests, the benchmark); the sandbox's are generated. */
    public static final String ORG = "acme-corp";
    public static final String CLIENT_ID = "client-123";
    public static final String CLIENT_SECRET = "client-secret-456";
    private static final Instant FIRST_CREATE_TIME = Instant.parse("2024-06-01T00:00:00Z");
    private static final String[] TYPES = {"check_complete.v1", "report_generated.v1", "ongoing_monitoring_hit.v1",
            "ongoing_monitoring_started.v1", "ongoing_monitoring_renewed.v1"};

    private record Fault(int status, String retryAfter, Duration hold) {
    }

    private final String org;
    private final String clientId;
    private final String clientSecret;
    private final String webhookSecret = secret();
    /** Tests: notification n is created at 2024-06-01T00:00:00Z + n s; the sandbox: when it is added. */
    private final boolean fixedTimes;
    private final List<ObjectNode> notifications = new ArrayList<>();
    private final Deque<Fault> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private final AtomicInteger listCalls = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String validToken;
    private volatile int maxPageSize = 100;

    /** {@link #ORG}, {@link #CLIENT_ID} and {@link #CLIENT_SECRET}; notifications N0000001… one second apart from 2024-06-01. */
    public ThirdfortSimulator() throws IOException {
        this(ORG, CLIENT_ID, CLIENT_SECRET, true);
    }

    private ThirdfortSimulator(String org, String clientId, String clientSecret, boolean fixedTimes) throws IOException {
        super("thirdfort");
        this.org = org;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.fixedTimes = fixedTimes;
    }

    /** The sandbox's: generated credentials, notifications created now. */
    static ThirdfortSimulator forSandbox() throws IOException {
        return new ThirdfortSimulator("sandbox-org", "sandbox-" + uuid(), secret(), false);
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.thirdfort.webhook-secret", webhookSecret, "tributary.thirdfort.client-id", clientId,
                "tributary.thirdfort.client-secret", clientSecret, "tributary.thirdfort.token-url", tokenUrl(),
                "tributary.thirdfort.base-url", baseUrl(), "tributary.thirdfort.organization", org,
                "tributary.thirdfort.poll-interval", "5s");
    }

    /** The settings that point Tributary's Thirdfort poller at this simulator. */
    public Map<String, String> pollerSettings() {
        return Map.of("tributary.thirdfort.base-url", baseUrl(),
                "tributary.thirdfort.token-url", tokenUrl(),
                "tributary.thirdfort.organization", org,
                "tributary.thirdfort.client-id", clientId,
                "tributary.thirdfort.client-secret", clientSecret);
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth2/token";
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        ObjectNode pushed = add(2).get(0);
        byte[] body = JSON.writeValueAsBytes(pushed);
        String name = pushed.get("name").asText();
        webhooks.post(id(), body, Map.of("x-thirdfort-signature", Webhooks.base64(Webhooks.hmac(webhookSecret, body)),
                "x-thirdfort-notification-id", name.substring(name.lastIndexOf('/') + 1),
                "x-thirdfort-notification-type", pushed.get("type").asText()));
    }

    /** Adds notifications with ids N0000001…, types rotating over all five. */
    public synchronized List<ObjectNode> add(int count) {
        List<ObjectNode> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = notifications.size() + 1;
            String type = TYPES[n % TYPES.length];
            ObjectNode o = JSON.createObjectNode();
            o.put("name", "organizations/" + org + "/notifications/" + String.format("N%07d", n));
            o.put("type", "notification.client." + type);
            o.put("createTime", fixedTimes ? FIRST_CREATE_TIME.plusSeconds(n).toString() : now());
            ObjectNode payload = o.putObject("payload");
            payload.put("@type", "type.googleapis.com/thirdfort.client.notifications.v1.CheckCompleteData");
            payload.put("check", "organizations/" + org + "/teams/default/checks/C" + (n % 7));
            payload.put("displayName", "Person " + (n % 7) + " ID Verification");
            payload.put("state", "COMPLETE");
            payload.put("recommendation", "APPROVE");
            if (type.startsWith("ongoing_monitoring_hit")) {
                payload.put("hitCount", 1);
            }
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

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/oauth2/token")) {
            token(ex);
        } else if (path.startsWith("/v1/organizations/")) {
            list(ex, path);
        } else {
            send(ex, 404, "{}");
        }
    }

    private void token(HttpExchange ex) throws IOException {
        int n = tokenCalls.incrementAndGet();
        Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(f.get("grant_type")) || !clientId.equals(f.get("client_id"))
                || !clientSecret.equals(f.get("client_secret"))) {
            send(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        validToken = "tok-" + n;
        send(ex, 200, "{\"access_token\":\"" + validToken + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
    }

    private void list(HttpExchange ex, String path) throws IOException {
        listCalls.incrementAndGet();
        Fault fault = faults.poll();
        if (fault != null && fault.hold() != null) {
            try {
                released.await(fault.hold().toMillis(), TimeUnit.MILLISECONDS); // simulated provider latency
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (fault != null) {
            send(ex, fault.status(), "{\"error\":\"simulated\"}", fault.retryAfter() == null ? Map.of() : Map.of("Retry-After", fault.retryAfter()));
            return;
        }
        if (validToken == null || !("Bearer " + validToken).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"error\":\"unauthenticated\"}");
            return;
        }
        if (!path.equals("/v1/organizations/" + org + "/notifications")) {
            send(ex, 404, "{}");
            return;
        }
        send(ex, 200, page(query(ex)));
    }

    private synchronized String page(Map<String, String> q) {
        int pageSize = Math.min(Integer.parseInt(q.getOrDefault("page_size", "25")), maxPageSize);
        String token = q.get("page_token");
        String filter = q.get("filter");
        int start = 0;
        if (token != null) {
            start = Integer.parseInt(token.substring(1));
        } else if (filter != null) {
            Instant since = Instant.parse(filter.replaceAll(".*create_time > \"([^\"]+)\".*", "$1"));
            while (start < notifications.size() && !Instant.parse(notifications.get(start).get("createTime").asText()).isAfter(since)) {
                start++;
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray("notifications");
        for (int i = start; i < notifications.size() && arr.size() < pageSize; i++) {
            arr.add(notifications.get(i));
        }
        if (!arr.isEmpty()) {
            String last = arr.get(arr.size() - 1).get("name").asText();
            out.put("nextPageToken", last.substring(last.lastIndexOf('/') + 1));
        }
        served.addAndGet(arr.size());
        return out.toString();
    }

    @Override
    public void close() {
        released.countDown();
        super.close();
    }
}
