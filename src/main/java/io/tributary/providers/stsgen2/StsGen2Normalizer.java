package io.tributary.providers.stsgen2;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.CanonicalEvent;
import io.tributary.core.Channel;
import io.tributary.core.Normalizer;
import io.tributary.core.UnprocessableEventException;

/**
 * An Oracle Simphony STS Gen2 notification POST carries a batch, {@code {messages: [...]}}: each
 * message becomes its own event with the message's UUID as id, so a replayed or partly
 * duplicated batch publishes only the messages not seen before.
 */
public final class StsGen2Normalizer implements Normalizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] RESOURCE_PATH = {"orgShortName", "locRef", "rvcRef", "checkRef"};

    @Override
    public String provider() {
        return "sts-gen2";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode body;
        try {
            body = JSON.readTree(raw);
        } catch (IOException e) {
            throw new UnprocessableEventException("not JSON");
        }
        JsonNode messages = body.path("messages");
        if (!messages.isArray()) {
            throw new UnprocessableEventException("no messages array");
        }
        List<CanonicalEvent> events = new ArrayList<>();
        for (JsonNode m : messages) {
            events.add(event(m, channel));
        }
        return events;
    }

    private CanonicalEvent event(JsonNode m, Channel channel) {
        String id = m.path("id").asText("");
        String type = m.path("messageType").path("id").asText("");
        if (id.isBlank() || type.isBlank()) {
            throw new UnprocessableEventException("a message lacks id or messageType.id");
        }
        JsonNode resource = m.path("resource");
        StringJoiner subject = new StringJoiner("/");
        for (String part : RESOURCE_PATH) {
            String v = resource.path(part).asText("");
            if (!v.isBlank()) {
                subject.add(v);
            }
        }
        String org = resource.path("orgShortName").asText("");
        try {
            return new CanonicalEvent(provider(), id, org.isBlank() ? "/sts-gen2" : "/sts-gen2/" + org, "sts-gen2." + type,
                    subject.length() == 0 ? null : subject.toString(), time(m), JSON.writeValueAsBytes(m), channel);
        } catch (IOException e) {
            throw new UnprocessableEventException("message " + id + " cannot be written back as JSON");
        }
    }

    private static OffsetDateTime time(JsonNode m) {
        String t = m.path("creationDate").asText("");
        if (t.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new UnprocessableEventException("creationDate '" + t + "' is not RFC 3339");
        }
    }
}
