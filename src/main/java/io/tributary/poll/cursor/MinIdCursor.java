package io.tributary.poll.cursor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;

/**
 * A minimum id (Alcmeon: {@code min_action_id}): the API returns items with a greater numeric id,
 * in no stated order, so they are sorted by id. The cursor is the highest id published; a full
 * page means there may be more.
 */
public final class MinIdCursor implements CursorStyle {

    private final String param;
    private final JsonPath idPath;
    private final String start;

    public MinIdCursor(String param, String idPath, String start) {
        this.param = param;
        this.idPath = JsonPaths.compile(idPath);
        this.start = start;
    }

    @Override
    public Query query(Position at) {
        return Query.of(Map.of(param, at.cursor().orElse(start)));
    }

    @Override
    public boolean positioned(JsonNode item) {
        return id(item) != null;
    }

    @Override
    public Step next(Position at, JsonNode page, List<JsonNode> items, int pageSize) {
        List<JsonNode> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(this::id, Comparator.nullsFirst(Comparator.naturalOrder())));
        Optional<BigInteger> highest = sorted.isEmpty() ? Optional.empty() : Optional.ofNullable(id(sorted.get(sorted.size() - 1)));
        Optional<BigInteger> stored = at.cursor().map(MinIdCursor::number);
        String cursor = highest.filter(h -> stored.isEmpty() || stored.get() == null || h.compareTo(stored.get()) > 0)
                .map(BigInteger::toString).orElse(at.cursor().orElse(null));
        return new Step(sorted, cursor, null, items.size() >= pageSize);
    }

    /** Null when the item has no whole-number id: it is published first and never moves the cursor. */
    private BigInteger id(JsonNode item) {
        return JsonPaths.text(item, idPath).map(MinIdCursor::number).orElse(null);
    }

    private static BigInteger number(String text) {
        try {
            return new BigInteger(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
