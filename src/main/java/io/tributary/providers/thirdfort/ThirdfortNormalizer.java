package io.tributary.providers.thirdfort;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.CanonicalEvent;
import io.tributary.core.Channel;
import io.tributary.core.Json;
import io.tributary.core.Normalizer;
import io.tributary.core.UnprocessableEventException;

/**
 * One Thirdfort notification, by webhook (the body is the notification) or from a
 * ListNotifications page. The id is the last segment of {@code name}, which both channels carry.
 * Both payload versions (v1, v1alpha1) and unknown fields pass through untouched in {@code data}.
 */
public final class ThirdfortNormalizer implements Normalizer {

    @Override
    public String provider() {
        return "thirdfort";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode n = Json.read(raw);
        String name = text(n, "name");
        String type = text(n, "type");
        int at = name.lastIndexOf("/notifications/");
        if (at <= 0 || name.endsWith("/")) {
            throw new UnprocessableEventException("name '" + name + "' is not organizations/{org}/notifications/{id}");
        }
        String id = name.substring(name.lastIndexOf('/') + 1);
        String subject = n.path("payload").path("check").asText(null);
        return List.of(new CanonicalEvent(provider(), id, "/thirdfort/" + name.substring(0, at),
                "thirdfort." + type, subject, Json.time(n, "createTime"), raw, channel));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new UnprocessableEventException("missing " + field);
        }
        return v.asText();
    }
}
