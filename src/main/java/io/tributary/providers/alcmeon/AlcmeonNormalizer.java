package io.tributary.providers.alcmeon;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.Json;
import io.tributary.event.Normalizer;
import io.tributary.event.UnprocessableEventException;

/**
 * An Alcmeon Action, from a webhook ({@code {id, action}}, one action per POST) or from
 * {@code GET /actions}. The event id is {@code action.id} on both channels; {@code data} is the
 * action, so consumers see the same shape whichever channel won.
 */
public final class AlcmeonNormalizer implements Normalizer {

    @Override
    public String provider() {
        return "alcmeon";
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        JsonNode node = Json.read(raw);
        JsonNode action = node.has("action") ? node.get("action") : node;
        JsonNode id = action.get("id");
        String type = action.path("type").asText("");
        if (id == null || !id.canConvertToLong() || type.isBlank()) {
            throw new UnprocessableEventException("an action needs a numeric id and a type");
        }
        String conversation = action.path("task").path("conversation_id").asText("");
        String account = action.path("account").path("id").asText("");
        return List.of(new CanonicalEvent(provider(), id.asText(), account.isBlank() ? "/alcmeon" : "/alcmeon/" + account,
                "alcmeon." + type, conversation.isBlank() ? null : conversation, time(action), Json.write(action), channel));
    }

    /** {@code date} may be a full timestamp, or a day completed by {@code time}; both are read as UTC when no offset is given. */
    static OffsetDateTime time(JsonNode action) {
        String date = action.path("date").asText("");
        String time = action.path("time").asText("");
        if (date.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(date);
        } catch (DateTimeParseException notATimestamp) {
            try {
                if (date.contains("T")) {
                    return java.time.LocalDateTime.parse(date).atOffset(ZoneOffset.UTC);
                }
                LocalTime t = time.isBlank() ? LocalTime.MIDNIGHT : LocalTime.parse(time);
                return OffsetDateTime.of(LocalDate.parse(date), t, ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new UnprocessableEventException("date '" + date + "' / time '" + time + "' are not a date and a time");
            }
        }
    }
}
