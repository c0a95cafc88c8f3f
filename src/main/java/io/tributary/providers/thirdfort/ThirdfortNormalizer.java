package io.tributary.providers.thirdfort;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.CanonicalEvent;
import io.tributary.core.Channel;
import io.tributary.core.Normalizer;
import io.tributary.core.UnprocessableEventException;

/**
 * One Thirdfort notification, by webhook (the body is the notification) or from a
 * ListNotifications page. The id is the last segment of {@code name}, which both channels carry.
 * Both payload versions (v1, v1alpha1) and unknown fields pass through untouched in {@code data}.
 */
public final class ThirdfortNormalizer implements Normalizer {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String provider() {
        return "thirdfort";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode n;
        try {
            n = JSON.readTree(raw);
        } catch (IOException e) {
            throw new UnprocessableEventException("not JSON");
        }
        String name = text(n, "name");
        String type = text(n, "type");
        int at = name.lastIndexOf("/notifications/");
        if (at <= 0 || name.endsWith("/")) {
            throw new UnprocessableEventException("name '" + name + "' is not organizations/{org}/notifications/{id}");
        }
        String id = name.substring(name.lastIndexOf('/') + 1);
        String subject = n.path("payload").path("check").asText(null);
        return List.of(new CanonicalEvent(provider(), id, "/thirdfort/" + name.substring(0, at),
                "thirdfort." + type, subject, time(n), raw, channel));
    }

    private static OffsetDateTime time(JsonNode n) {
        String t = n.path("createTime").asText(null);
        if (t == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new UnprocessableEventException("createTime '" + t + "' is not RFC 3339");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new UnprocessableEventException("missing " + field);
        }
        return v.asText();
    }
}
