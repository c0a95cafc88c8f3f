package io.tributary.poll.cursor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;

/**
 * An item id with {@code has_more} (Stripe-style lists). The cursor is the id of the newest item
 * published.
 *
 * <p>Oldest first: {@code param} (e.g. {@code starting_after}) = the cursor reads the next page.
 *
 * <p>Newest first (Stripe's {@code /v1/events}): {@code starting_after} pages back in time, so
 * walking forward needs {@code param} = {@code ending_before} with the newest id seen, which gives
 * the page just newer than it, still newest first: it is reversed and its first item is the new
 * cursor; {@code has_more} says whether newer pages follow. A first start (no cursor) pages back
 * with {@code backParam} ({@code starting_after}) to the oldest page the API keeps, publishing
 * nothing on the way, then walks forward from there, so events go out oldest first. The seek
 * position outlives a poll (it published nothing), so a long history is crossed over several.
 */
public final class IdCursor implements CursorStyle {

    private final String param;
    private final JsonPath idPath;
    private final JsonPath hasMorePath;
    private final boolean newestFirst;
    private final String backParam;

    public IdCursor(String param, String idPath, String hasMorePath, boolean newestFirst, String backParam) {
        if (newestFirst && (backParam == null || backParam.isBlank())) {
            throw new IllegalArgumentException("a newest-first list needs backParam (e.g. starting_after) to find its oldest page");
        }
        this.param = param;
        this.idPath = JsonPaths.compile(idPath);
        this.hasMorePath = hasMorePath == null ? null : JsonPaths.compile(hasMorePath);
        this.newestFirst = newestFirst;
        this.backParam = backParam;
    }

    @Override
    public Query query(Position at) {
        if (at.cursor().isPresent()) {
            return Query.of(Map.of(param, at.cursor().get()));
        }
        if (newestFirst && at.continuation() != null) {
            return Query.of(Map.of(backParam, at.continuation()));
        }
        return Query.of(Map.of());
    }

    @Override
    public boolean namesMore(JsonNode page) {
        return hasMorePath != null && JsonPaths.one(page, hasMorePath).map(JsonNode::asBoolean).orElse(false);
    }

    @Override
    public boolean positioned(JsonNode item) {
        return id(item).isPresent();
    }

    @Override
    public Step next(Position at, JsonNode page, List<JsonNode> items, int pageSize) {
        boolean hasMore = hasMorePath == null ? items.size() >= pageSize
                : JsonPaths.one(page, hasMorePath).map(JsonNode::asBoolean).orElse(false);
        if (!newestFirst) {
            String cursor = lastId(items).orElse(at.cursor().orElse(null));
            return new Step(items, cursor, null, hasMore && !items.isEmpty());
        }
        if (at.cursor().isEmpty() && hasMore) {
            // Seeking the oldest page: remember how far back we got, publish nothing yet.
            Optional<String> oldest = lastId(items);
            return new Step(List.of(), null, oldest.orElse(at.continuation()), oldest.isPresent());
        }
        List<JsonNode> oldestFirst = new ArrayList<>(items);
        Collections.reverse(oldestFirst);
        String cursor = firstId(items).orElse(at.cursor().orElse(null));
        // Forward, has_more speaks of newer pages. The oldest page of a seek says nothing about them,
        // but the seek passed newer events on its way back: walk forward to them.
        boolean sought = at.cursor().isEmpty() && at.continuation() != null;
        return new Step(oldestFirst, cursor, null, !items.isEmpty() && (hasMore || sought));
    }

    /** Only the seek back to the oldest page (newest-first lists, no cursor yet) carries over to the next poll. */
    @Override
    public boolean resumes(String continuation) {
        return newestFirst;
    }

    /**
     * The first id in {@code items}: the cursor is the newest item that has an id. An item without
     * one (a provider bug) never holds the cursor, which would read the same page again and again;
     * the normaliser dead-letters it.
     */
    private Optional<String> firstId(List<JsonNode> items) {
        return items.stream().map(this::id).flatMap(Optional::stream).findFirst();
    }

    private Optional<String> lastId(List<JsonNode> items) {
        List<JsonNode> reversed = new ArrayList<>(items);
        Collections.reverse(reversed);
        return firstId(reversed);
    }

    private Optional<String> id(JsonNode item) {
        return JsonPaths.text(item, idPath);
    }
}
