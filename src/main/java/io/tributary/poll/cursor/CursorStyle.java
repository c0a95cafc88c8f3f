package io.tributary.poll.cursor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How an event API pages and where its cursor is: the query that reads the page after a
 * position, and what a page means for the cursor. A style holds no state of its own, so the
 * live and the backfill poller can share one; what a poll learns between pages travels in
 * {@link Position#continuation()}, which the poller adopts only once the page was handed on.
 */
public interface CursorStyle {

    /**
     * Where the next page is read from.
     *
     * @param cursor the cursor stored, or the last fetched page's during a poll
     * @param continuation what the previous page of this poll said about the next read (null: nothing)
     */
    record Position(Optional<String> cursor, String continuation, Instant now) {
    }

    /** The query parameters of one request; {@code gap} says why events may have been lost before it, or is null. */
    record Query(Map<String, String> params, String gap) {
        public static Query of(Map<String, String> params) {
            return new Query(params, null);
        }
    }

    /**
     * What a page means.
     *
     * @param items the items to publish, in publishing order (oldest first)
     * @param cursor the cursor to store once they are acknowledged (null keeps the stored one)
     * @param continuation where this poll reads next, when the cursor alone does not say (null: from the cursor)
     * @param more whether to ask for the next page now
     */
    record Step(List<JsonNode> items, String cursor, String continuation, boolean more) {
    }

    Query query(Position at);

    Step next(Position at, JsonNode page, List<JsonNode> items, int pageSize);

    /**
     * Whether the page itself says that more follows (a next-page token, {@code has_more: true}):
     * then a page whose items are missing cannot be an empty page, and the poll must not go on.
     */
    default boolean namesMore(JsonNode page) {
        return false;
    }

    /** Whether the item has what the cursor is made of (its id or time); one without never moves the cursor. */
    default boolean positioned(JsonNode item) {
        return true;
    }

    /** Whether a continuation outlives its poll: only one that published nothing (a seek back through history) may. */
    default boolean resumes(String continuation) {
        return false;
    }
}
