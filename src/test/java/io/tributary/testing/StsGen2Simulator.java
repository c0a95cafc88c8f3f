package io.tributary.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;

/**
 * The STS Gen2 notification management API (registration and subscriptions, with failures on
 * demand) and, under {@link OracleIdentitySimulator#PREFIX}, the OpenID provider whose id_tokens
 * it accepts besides the static {@link #TOKEN}. Calls with an expired or unknown token get 401.
 */
public final class StsGen2Simulator extends JsonHttpSimulator {

    public static final String TOKEN = "sts-test-token";
    public static final String ORG = "tfoinc";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObjectNode> subscriptions = new CopyOnWriteArrayList<>();
    private final Deque<Integer> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger refusedCalls = new AtomicInteger();
    private final OracleIdentitySimulator identity = new OracleIdentitySimulator(ORG, JsonHttpSimulator::send);
    private volatile String registeredKeyId;

    public StsGen2Simulator() throws IOException {
        super();
    }

    public OracleIdentitySimulator identity() {
        return identity;
    }

    /** Notification API calls answered, and those refused 401 for their token. */
    public int apiCalls() {
        return apiCalls.get();
    }

    public int refusedCalls() {
        return refusedCalls.get();
    }

    /** The next notification API call fails with {@code status}. */
    public void failNext(int status) {
        faults.add(status);
    }

    public int registrations() {
        return registrations.get();
    }

    public int subscriptionPosts() {
        return posts.get();
    }

    public List<ObjectNode> subscriptions() {
        return subscriptions;
    }

    public String registeredKeyId() {
        return registeredKeyId;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith(OracleIdentitySimulator.PREFIX)) {
            boolean get = ex.getRequestMethod().equals("GET");
            identity.handle(ex, path.substring(OracleIdentitySimulator.PREFIX.length()),
                    get ? query(ex) : form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            return;
        }
        apiCalls.incrementAndGet();
        Integer fault = faults.poll();
        if (fault != null) {
            send(ex, fault, "{\"error\":\"simulated\"}");
            return;
        }
        String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        if (!auth.equals("Bearer " + TOKEN) && !(auth.startsWith("Bearer ") && identity.accepts(auth.substring(7)))) {
            refusedCalls.incrementAndGet();
            send(ex, 401, "{}");
            return;
        }
        String method = ex.getRequestMethod();
        if (path.equals("/api/v1/notifications/registration") && method.equals("PUT")) {
            ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody());
            if (!"hmac-sha256".equals(body.path("keyType").asText())) {
                send(ex, 400, "{\"error\":\"keyType\"}");
                return;
            }
            registeredKeyId = body.path("keyId").asText();
            registrations.incrementAndGet();
            send(ex, 204, "");
        } else if (path.equals("/api/v1/notifications/subscriptions") && method.equals("GET")) {
            ObjectNode out = JSON.createObjectNode();
            out.putArray("items").addAll(subscriptions);
            send(ex, 200, out.toString());
        } else if (path.equals("/api/v1/notifications/subscriptions") && method.equals("POST")) {
            ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody());
            if ("EmployeesNotification".equals(body.path("messageType").path("id").asText()) && body.has("rvcRef")) {
                send(ex, 400, "{\"error\":\"EmployeesNotification cannot have an rvcRef\"}");
                return;
            }
            posts.incrementAndGet();
            body.put("id", "sub-" + posts.get());
            subscriptions.add(body);
            send(ex, 201, body.toString());
        } else {
            send(ex, 404, "{}");
        }
    }
}
