package io.tributary.poll.cursor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.tributary.event.Json;

/**
 * JSONPath (Jayway's, the engine of camel-jsonpath) over Jackson trees, for the paths a route
 * file gives a declarative poller: where a page's items are, and where a cursor is. Paths are
 * compiled when the bean is configured, so a typo stops the start instead of every poll.
 */
public final class JsonPaths {

    private static final Configuration JACKSON = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private JsonPaths() {
    }

    public static JsonPath compile(String path) {
        try {
            return JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + path + "' is not a JSONPath: " + e.getMessage(), e);
        }
    }

    /** The array at {@code path} as a list; a single value is a list of one, nothing an empty list. */
    public static List<JsonNode> all(JsonNode document, JsonPath path) {
        JsonNode found = read(document, path);
        List<JsonNode> out = new ArrayList<>();
        if (found == null || found.isNull() || found.isMissingNode()) {
            return out;
        }
        if (found.isArray()) {
            found.forEach(out::add);
        } else {
            out.add(found);
        }
        return out;
    }

    /** The value at {@code path}; empty when it is absent or null. */
    public static Optional<JsonNode> one(JsonNode document, JsonPath path) {
        JsonNode found = read(document, path);
        return found == null || found.isNull() || found.isMissingNode() ? Optional.empty() : Optional.of(found);
    }

    /** The text at {@code path}; empty when it is absent, null or blank. */
    public static Optional<String> text(JsonNode document, JsonPath path) {
        return one(document, path).map(JsonNode::asText).filter(t -> !t.isBlank());
    }

    private static JsonNode read(JsonNode document, JsonPath path) {
        Object found = JsonPath.using(JACKSON).parse(document).read(path);
        return found == null ? null : found instanceof JsonNode node ? node : Json.MAPPER.valueToTree(found);
    }
}
