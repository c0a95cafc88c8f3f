package io.tributary.poll.cursor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;

/**
 * An opaque page token (Thirdfort: {@code nextPageToken} in, {@code page_token} out). The cursor is
 * the last token; a page without a token keeps the old one, so the next poll asks again from there.
 * Paging stops at an empty page, at a page without a token, or at a token that did not move.
 */
public final class PageTokenCursor implements CursorStyle {

    private final String param;
    private final JsonPath tokenPath;

    public PageTokenCursor(String param, String tokenPath) {
        this.param = param;
        this.tokenPath = JsonPaths.compile(tokenPath);
    }

    @Override
    public Query query(Position at) {
        return Query.of(at.cursor().map(c -> Map.of(param, c)).orElse(Map.of()));
    }

    @Override
    public boolean namesMore(JsonNode page) {
        return JsonPaths.text(page, tokenPath).isPresent();
    }

    @Override
    public Step next(Position at, JsonNode page, List<JsonNode> items, int pageSize) {
        Optional<String> token = JsonPaths.text(page, tokenPath);
        String cursor = token.orElse(at.cursor().orElse(null));
        boolean more = !items.isEmpty() && token.isPresent() && !token.equals(at.cursor());
        return new Step(items, cursor, null, more);
    }
}
