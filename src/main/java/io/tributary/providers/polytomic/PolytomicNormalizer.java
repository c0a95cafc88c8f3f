package io.tributary.providers.polytomic;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.Json;
import io.tributary.event.Normalizer;
import io.tributary.event.UnprocessableEventException;

/**
 * A Polytomic event, from the Events API ({@code {id, created_at, organization_id, type, event}})
 * or a webhook ({@code {type, event}}, possibly without {@code id}). The id must be the same on
 * both channels, so it is built from fields both carry: {@code <type>:<event.execution_id>};
 * only an event without an execution id falls back to the API's {@code id}.
 */
public final class PolytomicNormalizer implements Normalizer {

    @Override
    public String provider() {
        return "polytomic";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode n = Json.read(raw);
        String type = n.path("type").asText("");
        JsonNode event = n.path("event");
        if (type.isBlank() || !event.isObject()) {
            throw new UnprocessableEventException("a Polytomic event needs type and event");
        }
        String execution = event.path("execution_id").asText("");
        String apiId = n.path("id").asText("");
        String id = !execution.isBlank() ? type + ":" + execution : apiId;
        if (id.isBlank()) {
            throw new UnprocessableEventException("neither event.execution_id nor id: no stable event id");
        }
        String org = n.path("organization_id").asText(event.path("organization_id").asText(""));
        String sync = event.path("sync_id").asText("");
        return List.of(new CanonicalEvent(provider(), id, org.isBlank() ? "/polytomic" : "/polytomic/" + org,
                "polytomic." + type, sync.isBlank() ? null : sync, Json.time(n, "created_at"), raw, channel));
    }
}
