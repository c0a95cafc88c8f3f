package io.tributary.providers.stsgen2;

import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;

/**
 * What Tributary registers with STS Gen2: the HMAC key, and one subscription per configured
 * message type for the configured callback, organisation, location and revenue centre. A
 * subscription that already exists is not created again, so restarts never duplicate them.
 */
final class StsGen2RegistrationPlan {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final String keyId;
    private final String hmacKey;
    private final List<String> messageTypes;
    private final String orgShortName;
    private final String locRef;
    private final String rvcRef;
    private final String callbackUri;

    StsGen2RegistrationPlan(String keyId, String hmacKey, List<String> messageTypes, String orgShortName,
            String locRef, String rvcRef, String callbackUri) {
        validate(messageTypes, rvcRef);
        this.keyId = keyId;
        this.hmacKey = hmacKey;
        this.messageTypes = List.copyOf(messageTypes);
        this.orgShortName = orgShortName;
        this.locRef = locRef;
        this.rvcRef = rvcRef;
        this.callbackUri = callbackUri;
    }

    static void validate(List<String> messageTypes, String rvcRef) {
        if (rvcRef != null && messageTypes.contains("EmployeesNotification")) {
            throw new IllegalArgumentException("tributary.sts-gen2.message-types includes EmployeesNotification, which STS Gen2 "
                    + "rejects together with tributary.sts-gen2.rvc-ref: remove one of them");
        }
    }

    String keyId() {
        return keyId;
    }

    List<String> messageTypes() {
        return messageTypes;
    }

    ObjectNode registration() {
        ObjectNode r = JSON.createObjectNode();
        r.put("keyId", keyId);
        r.put("hmacKey", hmacKey);
        r.put("keyType", "hmac-sha256");
        return r;
    }

    ObjectNode subscription(String type) {
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

    /** The configured message types that no existing subscription covers. */
    List<String> missing(List<JsonNode> existing) {
        return messageTypes.stream().filter(t -> existing.stream().noneMatch(s -> matches(s, t))).toList();
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
}
