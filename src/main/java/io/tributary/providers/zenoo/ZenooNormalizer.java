package io.tributary.providers.zenoo;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.Json;
import io.tributary.event.Normalizer;
import io.tributary.event.UnprocessableEventException;

/**
 * Zenoo webhooks (journey and CLM envelopes) and pull outcomes ({@link ZenooPulls}). A
 * {@code verification.completed} webhook and the pulled result of the same verification are one
 * event: both are keyed {@code verification:<external reference>} ({@code callback_reference} on
 * the webhook). Other journey events are {@code journey_id:event_type}; CLM events {@code event_id}.
 * A time that is not RFC 3339 makes the item unprocessable (dead-lettered with its error), as for
 * every provider ({@link Json#time}).
 */
public final class ZenooNormalizer implements Normalizer {

    static final String COMPLETED = "verification.completed";
    private static final ObjectMapper JSON = Json.MAPPER;

    @Override
    public String provider() {
        return "zenoo";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode n = Json.read(raw);
        return List.of(channel == Channel.PULL ? pulled(n, channel) : webhook(n, raw, channel));
    }

    private CanonicalEvent webhook(JsonNode n, byte[] raw, Channel channel) {
        String type = text(n, "event_type");
        if (type == null) {
            throw new UnprocessableEventException("no event_type");
        }
        String journey = text(n, "journey_id");
        String eventId = text(n, "event_id");
        if (journey != null) {
            String ref = text(n, "callback_reference");
            String id = COMPLETED.equals(type) && ref != null ? "verification:" + ref : journey + ":" + type;
            return new CanonicalEvent(provider(), id, "/zenoo/journeys", "zenoo." + type, ref != null ? ref : journey,
                    Json.time(n, "timestamp"), raw, channel);
        }
        if (eventId != null) {
            return new CanonicalEvent(provider(), eventId, "/zenoo/clm", "zenoo." + type,
                    n.path("data").path("case_reference").asText(null), Json.time(n, "created_at"), raw, channel);
        }
        throw new UnprocessableEventException("neither a journey (journey_id) nor a CLM (event_id) envelope");
    }

    private CanonicalEvent pulled(JsonNode n, Channel channel) {
        String kind = text(n, "kind");
        String token = text(n, "token_fingerprint"); // never the token itself: it is a capability
        String ref = text(n, "external_reference");
        if (kind == null || token == null) {
            throw new UnprocessableEventException("not a pull outcome");
        }
        try {
            if (kind.equals("result")) {
                JsonNode payload = n.path("payload");
                String own = text(payload, "external_reference");
                String key = own != null ? own : ref;
                return new CanonicalEvent(provider(), key != null ? "verification:" + key : "pull:" + token, "/zenoo/pulls",
                        "zenoo." + COMPLETED, key != null ? key : token, Json.time(payload, "completed_at"), JSON.writeValueAsBytes(payload), channel);
            }
            com.fasterxml.jackson.databind.node.ObjectNode data = JSON.createObjectNode().put("pull_token_fingerprint", token).put("external_reference", ref);
            return new CanonicalEvent(provider(), kind + ":" + token, "/zenoo/pulls", "zenoo.pull." + kind,
                    ref != null ? ref : token, null, JSON.writeValueAsBytes(data), channel);
        } catch (IOException e) {
            throw new UnprocessableEventException("pull outcome cannot be written as JSON");
        }
    }

    private static String text(JsonNode n, String field) {
        return Json.text(n, field);
    }
}
