package io.tributary.poll.cursor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;

/** Pages and positions for the cursor style tests, written as JSON text. */
final class Pages {

    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private Pages() {
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static List<JsonNode> items(JsonNode page, String path) {
        return JsonPaths.all(page, JsonPaths.compile(path));
    }

    static CursorStyle.Position at(String cursor, String continuation) {
        return new CursorStyle.Position(Optional.ofNullable(cursor), continuation, NOW);
    }

    static List<String> field(List<JsonNode> items, String name) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.path(name).asText()));
        return out;
    }
}
