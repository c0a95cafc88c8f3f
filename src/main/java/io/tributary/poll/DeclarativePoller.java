package io.tributary.poll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import io.tributary.poll.cursor.CursorStore;
import io.tributary.event.Json;
import io.tributary.event.ParsedItems;
import io.tributary.config.Settings;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.http.ApiException;
import io.tributary.poll.cursor.CursorSpec;
import io.tributary.poll.cursor.CursorStyle;
import io.tributary.poll.cursor.JsonPaths;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A poller written in a route file: a {@code request} (URL, credentials, page size), the
 * {@code items} path, and a {@code cursor} style (page token, id with has_more, time with overlap,
 * minimum id), with an optional rate budget shared across replicas. It inherits the guarantees of
 * {@link CursorPoller}: the pipelined commit chain (a cursor is saved only after its page's ack and
 * every earlier one), backoff with Retry-After, the loop health and metrics.
 *
 * <p>Why a bean, and not only route-template parameters: the poller is found by other parts of
 * Tributary (the poll error route backs it off by type, a {@link Backfill} copies it, a webhook step
 * may ask it to poll now), which a template's local bean would hide; and bean properties are typed
 * and checked when Camel starts (durations, JSONPaths, the cursor style), where template parameters
 * are text pasted into a route. The {@code tributary-poll} template carries the flow and names this bean.
 *
 * <p>A page is trusted only when its shape is right: items that are not an array, or missing from
 * a page that names a next page, fail the poll ({@code page-shape}) before anything moves. A page
 * that sends the poll back to a query it already asked (page tokens A, B, A) fails it too
 * ({@code page-token-loop}). An item the
 * cursor cannot place (no id, no time) never moves the cursor; it is handed on once per process,
 * not at every poll that reads it again.
 */
public final class DeclarativePoller extends CursorPoller {

    private static final Logger LOG = LoggerFactory.getLogger(DeclarativePoller.class);

    private String provider;
    private PageRequest request = new PageRequest();
    private CursorSpec cursor = new CursorSpec();
    private JsonPath items = JsonPaths.compile("$");
    private String itemsPath = "$";
    private String since;
    private int rateLimit;
    private Duration rateWindow = Duration.ofMinutes(1);
    private NotificationGap notificationGap;
    private CursorStyle style;
    private SharedRateBudget budget;
    private TributaryMetrics metrics;
    /** Where this poll reads next when the cursor alone does not say; adopted once the page was handed on. */
    private volatile String continuation;
    private volatile String pendingContinuation;
    /** The queries of this poll: one asked again means the API's cursor goes round in a loop. */
    private final Set<Map<String, String>> queries = new HashSet<>();
    /** Digests of unplaceable items already handed on (bounded), and those of the page in flight. */
    private final Set<Long> handedOn = Collections.newSetFromMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > 10_000;
        }
    });
    private List<Long> pendingHandedOn = List.of();

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public synchronized boolean due(Exchange exchange) {
        var registry = exchange.getContext().getRegistry();
        if (metrics == null) {
            metrics = registry.lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
            metrics.counter("tributary.poll.possible.gaps", provider); // at zero until a gap is suspected
            if (budget() != null) {
                metrics.gauge("tributary.rate.budget.remaining", provider, budget::remaining);
            }
        }
        if (budget() != null) {
            budget.attach(registry.lookupByNameAndType("cursorStore", CursorStore.class));
        }
        boolean due = super.due(exchange);
        if (due) {
            queries.clear();
            pendingHandedOn = List.of();
        }
        if (due && continuation != null && !style().resumes(continuation)) {
            continuation = null; // a new poll starts from the stored cursor: nothing of an unpublished page is skipped
        }
        return due;
    }

    @Override
    protected Page fetch(Optional<String> at) {
        if (budget() != null && !budget.tryAcquire()) {
            continueAt(budget.nextPermitAt()); // no call left in the window: poll again when there is one
            return new Page(List.of(), at.orElse(null), false);
        }
        CursorStyle.Position position = new CursorStyle.Position(at, continuation, Instant.now());
        CursorStyle.Query query = style().query(position);
        if (query.gap() != null) {
            LOG.warn("{}: {}", provider, query.gap());
            if (metrics != null) {
                metrics.counter("tributary.poll.possible.gaps", provider).increment();
            }
        }
        queries.add(query.params());
        JsonNode page = call(query.params());
        CursorStyle.Step step = style().next(position, page, items(page), request.pageSize());
        if (step.more()) {
            // Where the page sends the poll next; somewhere it already was means a loop. Caught before the
            // page is handed on, so its cursor (a step back) is never stored.
            Optional<String> next = step.cursor() != null ? Optional.of(step.cursor()) : at;
            Map<String, String> nextQuery = style().query(new CursorStyle.Position(next, step.continuation(), position.now())).params();
            if (queries.contains(nextQuery)) {
                throw new PollFailure(PollFailure.PAGE_TOKEN_LOOP, "page token loop: the page sends this poll back to "
                        + nextQuery + ", which it already read");
            }
        }
        pendingContinuation = step.continuation();
        ParsedItems out = new ParsedItems(); // the trees go on too: the mapping reads them, not the bytes parsed again
        List<Long> unplaced = new ArrayList<>();
        for (JsonNode item : step.items()) {
            byte[] raw = Json.write(item); // the event's data, and what handedOn digests
            if (!style().positioned(item)) {
                long digest = sha256Prefix(raw);
                if (handedOn.contains(digest)) {
                    continue; // read again because it cannot move the cursor; it was published or dead-lettered once
                }
                unplaced.add(digest);
            }
            out.add(raw, item);
        }
        pendingHandedOn = unplaced;
        return new Page(out, step.cursor(), step.more());
    }

    /**
     * The first 8 bytes of the item's SHA-256. Cryptographic on purpose: two items with the same
     * value here are one item to {@code handedOn}, so a collision would skip an item, a lost event
     * (PageProgress, where a collision costs at most a retried poll, uses a cheaper hash).
     */
    static long sha256Prefix(byte[] item) {
        return ByteBuffer.wrap(SHA256.get().digest(item)).getLong(); // digest() resets it for the next item
    }

    /** One digest per polling thread, not a provider lookup (MessageDigest.getInstance) for every item of every page. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The page's items: an array, or nothing when the page also says nothing follows (an empty list left out). */
    private List<JsonNode> items(JsonNode page) {
        Optional<JsonNode> found = JsonPaths.one(page, items);
        if (found.isPresent() && found.get().isArray()) {
            List<JsonNode> list = new ArrayList<>();
            found.get().forEach(list::add);
            return list;
        }
        if (found.isEmpty() && !style().namesMore(page)) {
            return List.of();
        }
        throw new PollFailure(PollFailure.PAGE_SHAPE, found.isEmpty()
                ? "the page has no items at " + itemsPath + " but names a next page: its items would be skipped"
                : "the page's " + itemsPath + " is " + found.get().getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ", not an array");
    }

    private JsonNode call(Map<String, String> params) {
        try {
            return request.get(params, since);
        } catch (ApiException e) {
            throw e.status() == 429 && budget != null ? budget.refused(e) : e;
        }
    }

    @Override
    public void commit(Exchange exchange) throws Exception {
        super.commit(exchange);
        continuation = pendingContinuation;
        handedOn.addAll(pendingHandedOn); // after the page's items were dead-lettered or handed to the inbox
        pendingHandedOn = List.of();
    }

    /** Webhook step: a notification id that jumps by more than one means missed deliveries, so poll now. */
    public void observeNotification(Exchange exchange) throws IOException {
        if (notificationGap != null && notificationGap.jumped(exchange.getMessage().getBody(byte[].class))) {
            pollNow();
        }
    }

    /** A backfill re-reads from {@code since} with the time filter of every request, under a cursor of its own. */
    @Override
    public void backfillFrom(String since) {
        if (!request.filtersBySince()) {
            super.backfillFrom(since);
        }
        setSince(since);
        useBackfillCursor(provider + ":backfill:" + this.since);
    }

    @Override
    protected CursorPoller copyForBackfill() {
        if (!request.filtersBySince()) {
            return super.copyForBackfill();
        }
        DeclarativePoller copy = new DeclarativePoller();
        copy.provider = provider;
        copy.request = request;
        copy.style = style();
        copy.items = items;
        copy.budget = budget(); // the account's budget, not the poller's
        return copy;
    }

    private synchronized CursorStyle style() {
        if (style == null) {
            style = cursor.build();
        }
        return style;
    }

    private synchronized SharedRateBudget budget() {
        if (budget == null && rateLimit > 0) {
            budget = new SharedRateBudget(provider, rateLimit, rateWindow);
        }
        return budget;
    }

    public void setProvider(String provider) {
        this.provider = provider;
        request.setProvider(provider); // its errors name the provider's settings (tributary.<id>.max-page-bytes)
    }

    public PageRequest getRequest() {
        return request;
    }

    public CursorSpec getCursor() {
        return cursor;
    }

    /** JSONPath of the page's items ({@code $} for a bare array). */
    public void setItems(String items) {
        this.items = JsonPaths.compile(items);
        this.itemsPath = items;
    }

    /** The items path as the route file writes it (tests select a fixture's items with it). */
    String itemsPath() {
        return itemsPath;
    }

    /** RFC 3339; with no cursor yet, the first read starts here (the request's sinceQuery is sent with every page). */
    public void setSince(String since) {
        if (since == null || since.isBlank()) {
            this.since = null;
            return;
        }
        OffsetDateTime.parse(since.trim()); // a clear error at start-up instead of a 400 at every poll
        this.since = since.trim();
    }

    /** Most calls per {@code rateWindow} to the provider account, shared by every replica; 0: no budget. */
    public void setRateLimit(int rateLimit) {
        this.rateLimit = rateLimit;
    }

    public void setRateWindow(String rateWindow) {
        this.rateWindow = Settings.parseDuration(rateWindow);
    }

    /** JSONPath of a webhook notification's sequence number, for {@link #observeNotification}. */
    public void setNotificationId(String notificationId) {
        this.notificationGap = new NotificationGap(notificationId);
    }
}
