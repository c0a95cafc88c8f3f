package io.tributary.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * Oracle Simphony STS Gen2's notification management API, for the sandbox and the tests: the
 * registration of Tributary's key and its subscriptions (with failures on demand), for a static
 * bearer token or the id_tokens of an {@link Identity} provider served next to it. Calls with
 * another token get 401. In the sandbox, deliveries start only once Tributary registered, signed
 * with the key it registered (not the one the sandbox configured), so the registration really ran:
 * each tick posts one batch of two CheckNotifications, which Tributary spools before answering.
 */
public final class StsGen2Simulator extends SandboxProvider {

    /** The token and organisation of {@link #StsGen2Simulator()} (tests); the sandbox's token is generated. */
    public static final String TOKEN = "sts-test-token";
    public static final String ORG = "tfoinc";
    private static final String API = "/api/v1/notifications";

    /** An OpenID provider served under {@link #prefix()}, whose id_tokens the API accepts besides the static token. */
    public interface Identity {
        String prefix();

        /** Serves {@code prefix() + step}; {@code params} is the decoded query (GET) or form body. */
        void handle(HttpExchange ex, String step, Map<String, String> params) throws IOException;

        boolean accepts(String idToken);
    }

    private final String token;
    private final String org;
    private final Identity identity;
    private final String callbackUri;
    private final String keyId = uuid();
    private final String key = secret();
    private final List<ObjectNode> subscriptions = new CopyOnWriteArrayList<>();
    private final Deque<Integer> faults = new ConcurrentLinkedDeque<>();
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger apiCalls = new AtomicInteger();
    private final AtomicInteger refusedCalls = new AtomicInteger();
    private volatile ObjectNode registration;
    private int checks;

    /** {@link #TOKEN} only. */
    public StsGen2Simulator() throws IOException {
        this(TOKEN, ORG, null, null);
    }

    /** {@link #TOKEN} and the id_tokens of {@code identity}. */
    public StsGen2Simulator(Identity identity) throws IOException {
        this(TOKEN, ORG, identity, null);
    }

    private StsGen2Simulator(String token, String org, Identity identity, String callbackUri) throws IOException {
        super("sts-gen2");
        this.token = token;
        this.org = org;
        this.identity = identity;
        this.callbackUri = callbackUri;
    }

    /** The sandbox's: a generated token; it notifies Tributary at {@code tributaryBase}. */
    static StsGen2Simulator forSandbox(String tributaryBase) throws IOException {
        return new StsGen2Simulator(secret(), "sandbox", null, tributaryBase + Webhooks.path("sts-gen2"));
    }

    @Override
    public Map<String, String> properties() {
        return Map.of("tributary.sts-gen2.keys", keyId + "=" + key, "tributary.sts-gen2.base-url", baseUrl(),
                "tributary.sts-gen2.token", token, "tributary.sts-gen2.org-short-name", org,
                "tributary.sts-gen2.loc-ref", "loc1", "tributary.sts-gen2.callback-uri", callbackUri);
    }

    @Override
    public void tick(Webhooks webhooks) throws IOException {
        ObjectNode reg = registration;
        if (reg == null || subscriptions.stream().noneMatch(s -> callbackUri.equals(s.path("callbackUri").asText()))) {
            return; // not registered yet: STS Gen2 has nobody to notify
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode messages = body.putArray("messages");
        for (int i = 0; i < 2; i++) {
            int n;
            synchronized (this) {
                n = ++checks;
            }
            ObjectNode m = messages.addObject();
            m.put("id", uuid());
            m.put("creationDate", now());
            m.putObject("messageType").put("id", "CheckNotification");
            ObjectNode r = m.putObject("resource");
            r.put("orgShortName", org);
            r.put("locRef", "loc1");
            r.put("rvcRef", String.valueOf(40 + n % 3));
            r.put("checkRef", String.format("%040x", n));
            ObjectNode data = m.putObject("data");
            data.put("status", n % 2 == 0 ? "Closed" : "Submitted");
            data.put("timeStampUtc", now());
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        byte[] hmacKey = Base64.getDecoder().decode(reg.path("hmacKey").asText());
        webhooks.post(id(), bytes, Map.of("Key-Id", reg.path("keyId").asText(),
                "Digest", Webhooks.base64(Webhooks.hmac(hmacKey, bytes))));
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
        ObjectNode reg = registration;
        return reg == null ? null : reg.path("keyId").asText();
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (identity != null && path.startsWith(identity.prefix())) {
            boolean get = ex.getRequestMethod().equals("GET");
            identity.handle(ex, path.substring(identity.prefix().length()),
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
        if (!auth.equals("Bearer " + token) && !(identity != null && auth.startsWith("Bearer ") && identity.accepts(auth.substring(7)))) {
            refusedCalls.incrementAndGet();
            send(ex, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        String method = ex.getRequestMethod();
        if (path.equals(API + "/registration") && method.equals("PUT")) {
            ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody());
            if (!"hmac-sha256".equals(body.path("keyType").asText()) || body.path("keyId").asText().isBlank()) {
                send(ex, 400, "{\"error\":\"keyId and keyType hmac-sha256 are required\"}");
                return;
            }
            registration = body;
            registrations.incrementAndGet();
            send(ex, 204, "");
        } else if (path.equals(API + "/subscriptions") && method.equals("GET")) {
            ObjectNode out = JSON.createObjectNode();
            out.putArray("items").addAll(subscriptions);
            send(ex, 200, out.toString());
        } else if (path.equals(API + "/subscriptions") && method.equals("POST")) {
            ObjectNode body = (ObjectNode) JSON.readTree(ex.getRequestBody());
            if ("EmployeesNotification".equals(body.path("messageType").path("id").asText()) && body.has("rvcRef")) {
                send(ex, 400, "{\"error\":\"EmployeesNotification cannot have an rvcRef\"}");
                return;
            }
            body.put("id", "sub-" + posts.incrementAndGet());
            subscriptions.add(body);
            send(ex, 201, body.toString());
        } else {
            send(ex, 404, "{}");
        }
    }
}
