package io.tributary.poll.cursor;

import java.time.Duration;

import io.tributary.config.Settings;

/**
 * The {@code cursor} block of a declarative poller in a route file: a {@code style} and the few
 * settings that style reads. {@link #build()} checks them at start-up.
 *
 * <pre>
 * style        page-token | id | time | min-id
 * param        query parameter that carries the cursor (page_token, ending_before, starting_after, min_action_id)
 * path         JSONPath of the cursor: the token in the page (page-token), or the id / time in each item
 * hasMore      id: JSONPath of the page's "more" flag ($.has_more); unset: a full page means more
 * newestFirst  id: the list is newest first (Stripe); then backParam pages back on a first start
 * backParam    id, newest first: the parameter that pages back in time (starting_after)
 * overlap      time: how far before the cursor each poll restarts (5s)
 * retention    time: how long the API keeps items; a first start reads that far back (48h)
 * maxSkew      time: an item dated beyond now plus this never moves the cursor (5m)
 * start        min-id: the id a first start reads after (0)
 * </pre>
 */
public final class CursorSpec {

    private String style;
    private String param;
    private String path;
    private String hasMore;
    private boolean newestFirst;
    private String backParam;
    private Duration overlap = Duration.ofSeconds(5);
    private Duration retention = Duration.ofHours(48);
    private Duration maxSkew = Duration.ofMinutes(5);
    private String start = "0";

    public CursorStyle build() {
        require(style, "style");
        require(param, "param");
        require(path, "path");
        return switch (style) {
            case "page-token" -> new PageTokenCursor(param, path);
            case "id" -> new IdCursor(param, path, hasMore, newestFirst, backParam);
            case "time" -> new TimeCursor(param, path, overlap, retention, maxSkew);
            case "min-id" -> new MinIdCursor(param, path, start);
            default -> throw new IllegalArgumentException("cursor style '" + style + "' is none of page-token, id, time, min-id");
        };
    }

    private static void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the poller's cursor needs " + name);
        }
    }

    public void setStyle(String style) {
        this.style = style.trim();
    }

    public void setParam(String param) {
        this.param = param;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public void setHasMore(String hasMore) {
        this.hasMore = hasMore;
    }

    public void setNewestFirst(boolean newestFirst) {
        this.newestFirst = newestFirst;
    }

    public void setBackParam(String backParam) {
        this.backParam = backParam;
    }

    public void setOverlap(String overlap) {
        this.overlap = Settings.parseDuration(overlap);
    }

    public void setRetention(String retention) {
        this.retention = Settings.parseDuration(retention);
    }

    public void setMaxSkew(String maxSkew) {
        this.maxSkew = Settings.parseDuration(maxSkew);
    }

    public void setStart(String start) {
        this.start = start;
    }
}
