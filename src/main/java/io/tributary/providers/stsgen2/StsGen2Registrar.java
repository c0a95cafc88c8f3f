package io.tributary.providers.stsgen2;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.poll.ApiClient;
import io.tributary.poll.ApiException;
import io.tributary.poll.PollSchedule;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers Tributary with STS Gen2 at start-up: PUT the HMAC key (the first of
 * {@code tributary.sts-gen2.keys}), then create the subscriptions that are missing, one per
 * configured message type, so a restart never duplicates them. A failure is logged, shown in
 * {@code /observe/health} and retried with backoff; it never stops the webhook route.
 */
public final class StsGen2Registrar {

    private static final Logger LOG = LoggerFactory.getLogger(StsGen2Registrar.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private String baseUrl;
    private String token;
    private String keyId;
    private String hmacKey;
    private List<String> messageTypes = List.of();
    private String orgShortName;
    private String locRef;
    private String rvcRef;
    private String callbackUri;
    private final ApiClient client = new ApiClient(Duration.ofSeconds(15));
    private final PollSchedule schedule = new PollSchedule(Duration.ofDays(3650), Duration.ofSeconds(1), Duration.ofMinutes(5));
    private volatile String state = "pending";
    private volatile boolean registered;
    private boolean healthRegistered;

    public synchronized boolean due(Exchange exchange) {
        if (!healthRegistered) {
            healthRegistered = true;
            HealthCheckRegistry health = HealthCheckRegistry.get(exchange.getContext());
            if (health != null) {
                health.register(new Check());
            }
        }
        return !registered && schedule.due(Instant.now());
    }

    public synchronized void register(Exchange exchange) {
        try {
            put(baseUrl() + "/notifications/registration", registration());
            List<JsonNode> existing = subscriptions();
            for (String type : messageTypes) {
                if (existing.stream().noneMatch(s -> matches(s, type))) {
                    post(baseUrl() + "/notifications/subscriptions", subscription(type));
                }
            }
            registered = true;
            state = "registered";
            LOG.info("Registered with STS Gen2: key {} and subscriptions for {}", keyId, messageTypes);
        } catch (RuntimeException e) {
            Duration delay = schedule.failed(Instant.now(), e instanceof ApiException a ? a.retryAfter() : Optional.empty());
            state = "failed: " + e.getMessage();
            LOG.warn("STS Gen2 registration failed, retrying in {}: {}", delay, e.getMessage());
        }
    }

    private String baseUrl() {
        return baseUrl.replaceAll("/+$", "") + "/api/v1";
    }

    private ObjectNode registration() {
        ObjectNode r = JSON.createObjectNode();
        r.put("keyId", keyId);
        r.put("hmacKey", hmacKey);
        r.put("keyType", "hmac-sha256");
        return r;
    }

    private ObjectNode subscription(String type) {
        ObjectNode s = JSON.createObjectNode();
        s.put("callbackUri", callbackUri);
        s.putObject("messageType").put("id", type);
        s.put("orgShortName", orgShortName);
        if (locRef != null) {
            s.put("locRef", locRef);
        }
        if (rvcRef != null) {
            s.put("rvcRef", rvcRef);
        }
        s.putObject("postOfficeOptions").put("PostOfficeType", "PushOnePostOffice");
        return s;
    }

    private boolean matches(JsonNode s, String type) {
        return type.equals(s.path("messageType").path("id").asText())
                && Objects.equals(callbackUri, text(s, "callbackUri"))
                && Objects.equals(orgShortName, text(s, "orgShortName"))
                && Objects.equals(locRef, text(s, "locRef"))
                && Objects.equals(rvcRef, text(s, "rvcRef"));
    }

    private static String text(JsonNode n, String field) {
        String v = n.path(field).asText(null);
        return v == null || v.isBlank() ? null : v;
    }

    /** The listing's shape is not documented: a bare array, or the first array inside an object. */
    private List<JsonNode> subscriptions() {
        JsonNode body = read(client.send(request(baseUrl() + "/notifications/subscriptions").GET().build()).body());
        JsonNode list = body;
        if (!body.isArray()) {
            list = null;
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) body::fields) {
                if (f.getValue().isArray()) {
                    list = f.getValue();
                    break;
                }
            }
        }
        List<JsonNode> out = new ArrayList<>();
        if (list != null) {
            list.forEach(out::add);
        }
        return out;
    }

    private void put(String url, JsonNode body) {
        client.send(request(url).PUT(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private void post(String url, JsonNode body) {
        client.send(request(url).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpRequest.Builder request(String url) {
        return client.request(url).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json");
    }

    private static JsonNode read(byte[] body) {
        try {
            return body.length == 0 ? JSON.createArrayNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new ApiException("STS Gen2 answered unreadable JSON", 0, null, e);
        }
    }

    private void validate() {
        if (rvcRef != null && messageTypes.contains("EmployeesNotification")) {
            throw new IllegalArgumentException("tributary.sts-gen2.message-types includes EmployeesNotification, which STS Gen2 "
                    + "rejects together with tributary.sts-gen2.rvc-ref: remove one of them");
        }
    }

    public boolean registered() {
        return registered;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void setToken(String token) {
        this.token = token;
    }

    /** The first {@code keyId=base64Key} of the configured keys is the one registered. */
    public void setKeys(String keys) {
        if (keys != null && !keys.isBlank()) {
            String first = keys.split(",")[0];
            int eq = first.indexOf('=');
            if (eq > 0) {
                keyId = first.substring(0, eq).trim();
                hmacKey = first.substring(eq + 1).trim();
            }
        }
    }

    public void setMessageTypes(String types) {
        this.messageTypes = types == null || types.isBlank() ? List.of()
                : Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        validate();
    }

    public void setOrgShortName(String orgShortName) {
        this.orgShortName = blankToNull(orgShortName);
    }

    public void setLocRef(String locRef) {
        this.locRef = blankToNull(locRef);
    }

    public void setRvcRef(String rvcRef) {
        this.rvcRef = blankToNull(rvcRef);
        validate();
    }

    public void setCallbackUri(String callbackUri) {
        this.callbackUri = blankToNull(callbackUri);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Shown in /observe/health; neither liveness nor readiness, so a failed registration never takes webhooks down. */
    private final class Check extends AbstractHealthCheck {
        Check() {
            super("tributary", "sts-gen2-registration");
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        public boolean isReadiness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.detail("state", state);
            if (registered) {
                builder.up();
            } else {
                builder.message("STS Gen2 registration " + state).down();
            }
        }
    }
}
