package io.tributary.event;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON reading every normaliser needs, failing with {@link UnprocessableEventException} so the item is dead-lettered. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static JsonNode read(byte[] raw) {
        try {
            return MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new UnprocessableEventException("not JSON");
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UnprocessableEventException("cannot be written back as JSON");
        }
    }

    /** The field's text, or null when it is absent, null or blank. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    /** An RFC 3339 time, or null when absent; a malformed one makes the event unprocessable. */
    public static OffsetDateTime time(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new UnprocessableEventException(field + " '" + t + "' is not RFC 3339");
        }
    }
}
