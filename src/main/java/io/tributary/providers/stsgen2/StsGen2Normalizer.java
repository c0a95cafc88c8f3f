package io.tributary.providers.stsgen2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Batch;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.DeadLetter;
import io.tributary.event.Json;
import io.tributary.event.Normalizer;
import io.tributary.event.UnprocessableEventException;

/**
 * An Oracle Simphony STS Gen2 notification POST carries a batch, {@code {messages: [...]}}: each
 * message becomes its own event with the message's UUID as id, so a replayed or partly
 * duplicated batch publishes only the messages not seen before; a message that cannot be read is
 * dead-lettered alone and the others are published.
 */
public final class StsGen2Normalizer implements Normalizer {

    private static final String[] RESOURCE_PATH = {"orgShortName", "locRef", "rvcRef", "checkRef"};

    @Override
    public String provider() {
        return "sts-gen2";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode body = Json.read(raw);
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

    @Override
    public Batch normalizeEach(byte[] raw, Channel channel, Map<String, String> headers) {
        JsonNode messages;
        try {
            messages = Json.read(raw).path("messages");
        } catch (UnprocessableEventException e) {
            return Batch.poison(new DeadLetter(raw, e.getMessage()));
        }
        if (!messages.isArray()) {
            return Batch.poison(new DeadLetter(raw, "no messages array"));
        }
        List<CanonicalEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        for (JsonNode m : messages) {
            try {
                events.add(event(m, channel));
            } catch (UnprocessableEventException e) {
                dead.add(new DeadLetter(Json.write(m), e.getMessage()));
            }
        }
        return new Batch(events, dead);
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
        return new CanonicalEvent(provider(), id, org.isBlank() ? "/sts-gen2" : "/sts-gen2/" + org, "sts-gen2." + type,
                subject.length() == 0 ? null : subject.toString(), Json.time(m, "creationDate"), Json.write(m), channel);
    }
}
