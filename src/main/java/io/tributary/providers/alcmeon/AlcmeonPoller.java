package io.tributary.providers.alcmeon;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.CursorStore;
import io.tributary.core.Settings;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
import io.tributary.poll.CursorPoller;
import io.tributary.http.RateBudget;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciling poller: {@code GET /actions?min_action_id=<cursor>} returns at most 10 actions
 * with a greater id, in no stated order, so they are sorted; the cursor is the highest id
 * published. Every call spends the account's {@link RateBudget}; without budget the poller waits
 * for it instead of calling, and a 429's {@code rate_limited_until} blocks the budget until then.
 * A jump in the webhooks' notification ids (missed deliveries) asks for a poll at once.
 */
public final class AlcmeonPoller extends CursorPoller {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LIMITED_UNTIL = Pattern.compile("rate_limited_until['\"]?\\s*:\\s*['\"]([^'\"]+)['\"]");
    private static final int PAGE = 10;

    private String baseUrl = "https://api.alcmeon.com";
    private String instanceId;
    private String applicationSecret;
    private int rateLimit = 15;
    private Duration rateWindow = Duration.ofMinutes(1);
    private static final String BUDGET_KEY = "alcmeon:rate-budget";
    private static final Logger LOG = LoggerFactory.getLogger(AlcmeonPoller.class);
    private RateBudget budget;
    private volatile CursorStore store;
    private final ApiClient client = new ApiClient(Duration.ofSeconds(30));
    private final AtomicLong lastNotification = new AtomicLong(-1);

    @Override
    public String provider() {
        return "alcmeon";
    }

    @Override
    protected Page fetch(Optional<String> cursor) {
        if (!budget().tryAcquire()) {
            continueAt(budget().nextPermitAt());
            return new Page(List.of(), cursor.orElse(null), false);
        }
        shareBudget();
        String auth = Base64.getEncoder().encodeToString((instanceId + ":" + applicationSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = client.request(baseUrl.replaceAll("/+$", "") + "/actions?min_action_id=" + cursor.orElse("0"))
                .header("Authorization", "Basic " + auth).header("Accept", "application/json").GET().build();
        JsonNode body;
        try {
            body = JSON.readTree(send(request));
        } catch (IOException e) {
            throw new ApiException("Alcmeon answered unreadable JSON", 0, null, e);
        }
        List<JsonNode> actions = new ArrayList<>();
        body.forEach(actions::add);
        actions.sort(Comparator.comparingLong(a -> a.path("id").asLong()));
        List<byte[]> items = new ArrayList<>();
        for (JsonNode a : actions) {
            try {
                items.add(JSON.writeValueAsBytes(a));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        String next = actions.isEmpty() ? cursor.orElse(null) : actions.get(actions.size() - 1).path("id").asText();
        return new Page(items, next, actions.size() >= PAGE);
    }

    private byte[] send(HttpRequest request) {
        try {
            return client.send(request).body();
        } catch (ApiException e) {
            if (e.status() == 429) {
                Instant until = limitedUntil(e).orElse(Instant.now().plus(rateWindow));
                budget().blockUntil(until);
                shareBudget();
                throw new ApiException(e.getMessage(), 429, Duration.between(Instant.now(), until), e);
            }
            throw e;
        }
    }

    /** The 429 body's {@code details} is a string holding a Python-style dict. */
    static Optional<Instant> limitedUntil(String body) {
        Matcher m = LIMITED_UNTIL.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.OffsetDateTime.parse(m.group(1)).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> limitedUntil(ApiException e) {
        return e.body() == null ? Optional.empty() : limitedUntil(new String(e.body(), StandardCharsets.UTF_8));
    }

    /** Webhook step: a notification id that jumps by more than one means missed deliveries. */
    public void observeNotification(Exchange exchange) throws IOException {
        JsonNode id = JSON.readTree(exchange.getMessage().getBody(byte[].class)).get("id");
        if (id == null || !id.canConvertToLong()) {
            return;
        }
        long seen = id.asLong();
        long previous = lastNotification.getAndAccumulate(seen, Math::max);
        if (previous >= 0 && seen > previous + 1) {
            pollNow();
        }
    }

    /** Written before the call, so a replica that takes over after a SIGKILL counts it too. */
    private void shareBudget() {
        CursorStore s = store;
        if (s != null) {
            s.saveAsync(BUDGET_KEY, budget().snapshot()).exceptionally(e -> {
                LOG.debug("Could not share the Alcmeon rate budget: {}", e.toString());
                return null;
            });
        }
    }

    public synchronized RateBudget budget() {
        if (budget == null) {
            budget = new RateBudget(rateLimit, rateWindow, Clock.systemUTC());
        }
        return budget;
    }

    @Override
    public synchronized boolean due(Exchange exchange) {
        boolean first = budget == null;
        RateBudget b = budget();
        store = exchange.getContext().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class);
        // The budget is the account's, not this replica's: start from the calls the last leader made.
        store.load(BUDGET_KEY).ifPresent(c -> b.merge(c.value()));
        if (first) {
            exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", io.tributary.core.TributaryMetrics.class)
                    .gauge("tributary.rate.budget.remaining", provider(), b::remaining);
        }
        return super.due(exchange);
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public void setApplicationSecret(String applicationSecret) {
        this.applicationSecret = applicationSecret;
    }

    public void setRateLimit(int rateLimit) {
        this.rateLimit = rateLimit;
    }

    public void setRateWindow(String rateWindow) {
        this.rateWindow = Settings.parseDuration(rateWindow);
    }
}
