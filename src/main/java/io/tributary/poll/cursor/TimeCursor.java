package io.tributary.poll.cursor;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A creation time with overlap (Polytomic: {@code starting_after=<time>}, strict, items unordered).
 * The cursor is the newest time published. Each poll starts {@code overlap} before it, because
 * items share timestamps and the filter is strict; the core drops the repeats. A full page
 * continues from just before its newest time, so the rest of that instant comes too; a full page
 * within one instant cannot be paged and ends the poll. An item whose time does not parse goes
 * first (it never holds the cursor back) and is dead-lettered by the normaliser. The API keeps
 * items for {@code retention}: that is where a first start begins, and a cursor older than that is
 * reported as a possible gap. A clock ahead of ours (an item dated beyond now plus {@code maxSkew})
 * would carry the cursor past every event of the time in between: such an item is published but
 * does not move the cursor.
 */
public final class TimeCursor implements CursorStyle {

    private static final Logger LOG = LoggerFactory.getLogger(TimeCursor.class);

    private final String param;
    private final JsonPath timePath;
    private final Duration overlap;
    private final Duration retention;
    private final Duration maxSkew;

    public TimeCursor(String param, String timePath, Duration overlap, Duration retention) {
        this(param, timePath, overlap, retention, Duration.ofMinutes(5));
    }

    public TimeCursor(String param, String timePath, Duration overlap, Duration retention, Duration maxSkew) {
        this.param = param;
        this.timePath = JsonPaths.compile(timePath);
        this.overlap = overlap;
        this.retention = retention;
        this.maxSkew = maxSkew;
    }

    @Override
    public Query query(Position at) {
        if (at.continuation() != null) {
            return Query.of(Map.of(param, at.continuation()));
        }
        if (at.cursor().isEmpty()) {
            return Query.of(Map.of(param, at.now().minus(retention).toString())); // first start: all that is kept
        }
        Instant stored = Instant.parse(at.cursor().get());
        String gap = stored.isBefore(at.now().minus(retention))
                ? "the cursor " + stored + " is older than the " + retention + " the API keeps: events in between may be lost" : null;
        return new Query(Map.of(param, stored.minus(overlap).toString()), gap);
    }

    @Override
    public boolean positioned(JsonNode item) {
        return time(item) != null;
    }

    @Override
    public Step next(Position at, JsonNode page, List<JsonNode> items, int pageSize) {
        List<JsonNode> undated = new ArrayList<>();
        List<JsonNode> dated = new ArrayList<>();
        items.forEach(i -> (time(i) == null ? undated : dated).add(i));
        dated.sort(Comparator.comparing(this::time));
        List<JsonNode> ordered = new ArrayList<>(undated);
        ordered.addAll(dated);

        Instant latest = at.now().plus(maxSkew);
        List<Instant> trusted = dated.stream().map(this::time).filter(t -> !t.isAfter(latest)).toList();
        if (trusted.size() < dated.size()) {
            LOG.warn("{} item(s) dated after {} (now plus {}): published, but the cursor does not move to them",
                    dated.size() - trusted.size(), latest, maxSkew);
        }
        Instant newest = trusted.isEmpty() ? null : trusted.get(trusted.size() - 1);
        String cursor = newest == null ? at.cursor().orElse(null)
                // a stored cursor beyond the skew (set before this rule) gives way to the newest trusted time
                : at.cursor().map(Instant::parse).filter(c -> c.isAfter(newest) && !c.isAfter(latest)).map(Instant::toString)
                        .orElse(newest.toString());
        boolean full = items.size() >= pageSize;
        Instant previousNewest = at.continuation() == null ? null : Instant.parse(at.continuation()).plusNanos(1);
        boolean progressed = previousNewest == null || (newest != null && newest.isAfter(previousNewest));
        if (full && !progressed) {
            LOG.warn("A full page within one timestamp ({}); the rest of that instant cannot be paged", newest);
        }
        boolean more = full && newest != null && progressed;
        return new Step(ordered, cursor, more ? newest.minusNanos(1).toString() : null, more);
    }

    private Instant time(JsonNode item) {
        try {
            return JsonPaths.text(item, timePath).map(t -> OffsetDateTime.parse(t).toInstant()).orElse(null);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
