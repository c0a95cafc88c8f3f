package io.tributary.providers.polytomic;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import io.tributary.poll.CursorPoller;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net under Polytomic's at-most-once webhooks: {@code GET /api/events?starting_after=T&limit=100}.
 * The cursor is the newest {@code created_at} published. Each poll starts {@code overlap} before
 * it, because events share timestamps and {@code starting_after} is strict; the core drops the
 * repeats. Full pages continue from just before the page's newest time. Events live 48 h: a cursor older than
 * that means a possible gap, which is logged and counted, never silent.
 */
public final class PolytomicPoller extends CursorPoller {

    private static final Logger LOG = LoggerFactory.getLogger(PolytomicPoller.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = 100;

    private String baseUrl = "https://app.polytomic.com";
    private String apiKey;
    private String apiVersion = "2024-02-08";
    private Duration overlap = Duration.ofSeconds(5);
    private Duration retention = Duration.ofHours(48);
    private final ApiClient client = new ApiClient(Duration.ofSeconds(30));
    private TributaryMetrics metrics;
    /** Where the next page of this poll starts; moves only when the previous page was committed. */
    private Instant continuation;
    private Instant continuationNewest;
    /** The continuation of the page in flight, adopted by {@link #commit} once its events are in Kafka. */
    private Instant pendingContinuation;
    private Instant pendingNewest;

    @Override
    public String provider() {
        return "polytomic";
    }

    @Override
    public synchronized boolean due(Exchange exchange) {
        if (metrics == null) {
            metrics = exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
            metrics.counter("tributary.poll.possible.gaps", provider()); // at zero until a gap is suspected
        }
        boolean due = super.due(exchange);
        if (due) {
            // A new poll starts from the stored cursor: nothing of an unpublished page is skipped.
            continuation = null;
            continuationNewest = null;
        }
        return due;
    }

    @Override
    public synchronized void commit(Exchange exchange) throws Exception {
        super.commit(exchange);
        continuation = pendingContinuation;
        continuationNewest = pendingNewest;
    }

    @Override
    protected Page fetch(Optional<String> cursor) {
        Instant now = Instant.now();
        Instant since;
        if (continuation != null) {
            since = continuation;
        } else if (cursor.isPresent()) {
            Instant stored = Instant.parse(cursor.get());
            if (stored.isBefore(now.minus(retention))) {
                LOG.warn("Polytomic cursor {} is older than the {} the Events API keeps: events in between may be lost", stored, retention);
                if (metrics != null) {
                    metrics.counter("tributary.poll.possible.gaps", provider()).increment();
                }
            }
            since = stored.minus(overlap);
        } else {
            since = now.minus(retention); // first start: everything the API still keeps
        }
        String url = baseUrl.replaceAll("/+$", "") + "/api/events?starting_after=" + URLEncoder.encode(since.toString(), StandardCharsets.UTF_8) + "&limit=" + LIMIT;
        HttpRequest request = client.request(url).header("Authorization", "Bearer " + apiKey)
                .header("X-Polytomic-Version", apiVersion).header("Accept", "application/json").GET().build();
        JsonNode body;
        try {
            body = JSON.readTree(client.send(request).body());
        } catch (IOException e) {
            throw new ApiException("Polytomic answered unreadable JSON", 0, null, e);
        }
        // An event whose created_at does not parse is still handed on (first, so it never holds the
        // cursor back): the normaliser dead-letters it instead of the whole poll failing forever.
        List<JsonNode> undated = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        body.path("data").forEach(e -> (createdAt(e) == null ? undated : events).add(e));
        events.sort(Comparator.comparing(PolytomicPoller::createdAt));
        List<byte[]> items = new ArrayList<>();
        for (JsonNode e : concat(undated, events)) {
            try {
                items.add(JSON.writeValueAsBytes(e));
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }
        Instant newest = events.isEmpty() ? null : createdAt(events.get(events.size() - 1));
        String next = newest == null ? cursor.orElse(null)
                : cursor.map(Instant::parse).filter(c -> c.isAfter(newest)).map(Instant::toString).orElse(newest.toString());
        // A full page continues from just before its newest time, so the rest of that instant comes
        // too (repeats are dropped by the core). Without progress (over 100 events in one instant) it
        // stops: the API cannot page inside one timestamp.
        boolean full = events.size() + undated.size() >= LIMIT;
        boolean progressed = continuationNewest == null || (newest != null && newest.isAfter(continuationNewest));
        boolean more = full && newest != null && progressed;
        if (full && !progressed) {
            LOG.warn("Polytomic returned a full page within one timestamp ({}); the rest of that instant cannot be paged", newest);
        }
        pendingNewest = more ? newest : null;
        pendingContinuation = more ? newest.minusNanos(1) : null;
        return new Page(items, next, more);
    }

    private static Instant createdAt(JsonNode event) {
        try {
            return OffsetDateTime.parse(event.path("created_at").asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<JsonNode> concat(List<JsonNode> a, List<JsonNode> b) {
        List<JsonNode> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public void setOverlap(String overlap) {
        this.overlap = Settings.parseDuration(overlap);
    }

    public void setRetention(String retention) {
        this.retention = Settings.parseDuration(retention);
    }
}
