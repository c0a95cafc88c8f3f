package io.tributary.poll;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import io.tributary.core.CursorStore;
import io.tributary.core.Json;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
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
 */
public final class DeclarativePoller extends CursorPoller {

    private static final Logger LOG = LoggerFactory.getLogger(DeclarativePoller.class);

    private String provider;
    private PageRequest request = new PageRequest();
    private CursorSpec cursor = new CursorSpec();
    private JsonPath items = JsonPaths.compile("$");
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
        JsonNode page = call(query.params());
        CursorStyle.Step step = style().next(position, page, JsonPaths.all(page, items), request.pageSize());
        pendingContinuation = step.continuation();
        return new Page(step.items().stream().map(Json::write).toList(), step.cursor(), step.more());
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
