package io.tributary.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;
import io.tributary.config.Props;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.MemoryCursorStore;
import io.tributary.testing.MisbehavingApi;
import io.tributary.testing.RouteFileBeans;
import io.tributary.testing.StripeSimulator;
import io.tributary.sandbox.ThirdfortSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pollers of the Thirdfort and Stripe route files against an API that misbehaves, their route
 * steps driven by hand (no Kafka: the test holds the acks), so each fault's outcome is exact: the
 * calls made, the reason, and the cursor.
 */
class PollerFaultsTest {

    private ThirdfortSimulator thirdfort;
    private StripeSimulator stripe;
    private MisbehavingApi thirdfortApi;
    private MisbehavingApi stripeApi;
    private MemoryCursorStore store;
    private DefaultCamelContext context;
    private final List<String> published = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        thirdfort = new ThirdfortSimulator();
        stripe = new StripeSimulator();
        thirdfortApi = new MisbehavingApi(thirdfort.baseUrl());
        stripeApi = new MisbehavingApi(stripe.baseUrl());
        store = new MemoryCursorStore();
        Map<String, String> settings = new HashMap<>(thirdfort.pollerSettings());
        settings.putAll(Map.of("tributary.thirdfort.base-url", thirdfortApi.baseUrl(), "tributary.thirdfort.page-size", "2",
                "tributary.thirdfort.poll-interval", "0s",
                "tributary.stripe.base-url", stripeApi.baseUrl(), "tributary.stripe.api-key", StripeSimulator.API_KEY,
                "tributary.stripe.poll-interval", "0s", "tributary.stripe.page-size", "10"));
        context = RouteFileBeans.load(settings, store, "routes/thirdfort.camel.yaml", "routes/stripe.camel.yaml");
        poller("thirdfortPoller").setInitialBackoff("10ms");
        poller("stripePoller").setInitialBackoff("10ms");
    }

    @AfterEach
    void tearDown() throws Exception {
        thirdfortApi.close();
        stripeApi.close();
        thirdfort.close();
        stripe.close();
        context.close();
    }

    private DeclarativePoller poller(String name) {
        return context.getRegistry().lookupByNameAndType(name, DeclarativePoller.class);
    }

    /** One poll with every page acknowledged at once; the failure that ended it, if any, went through {@code failed}. */
    private Optional<Exception> poll(CursorPoller poller) {
        Exchange ex = new DefaultExchange(context);
        await().atMost(Duration.ofSeconds(10)).until(() -> poller.due(ex)); // after a failure, once the backoff passed
        return pages(poller, ex);
    }

    @SuppressWarnings("unchecked")
    private Optional<Exception> pages(CursorPoller poller, Exchange ex) {
        try {
            while (ex.getProperty(Props.MORE, false, Boolean.class)) {
                poller.fetchPage(ex);
                ((List<byte[]>) ex.getMessage().getBody(List.class)).forEach(i -> published.add(id(i)));
                ex.setProperty(Props.ACK, CompletableFuture.completedFuture(null));
                poller.commit(ex);
            }
            poller.succeeded(ex);
            return Optional.empty();
        } catch (Exception e) {
            ex.setProperty(Exchange.EXCEPTION_CAUGHT, e);
            poller.failed(ex);
            return Optional.of(e);
        }
    }

    private static String id(byte[] item) {
        var node = Json.read(item);
        return node.has("name") ? node.get("name").asText().replaceAll(".*/", "") : node.path("id").asText("(no id)");
    }

    private double errors(String provider, String reason) {
        return context.getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class)
                .value("tributary.poll.errors", "provider", provider, "reason", reason);
    }

    @Test
    void should_fail_a_page_whose_items_are_missing_while_it_names_a_next_page_and_keep_the_cursor() {
        DeclarativePoller poller = poller("thirdfortPoller");
        thirdfort.add(4);
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(List.of("N0000001", "N0000002", "N0000003", "N0000004"), published);
        thirdfort.add(2);
        thirdfortApi.misbehave(MisbehavingApi.renameItems("notifications", "items"));
        Exception e = poll(poller).orElseThrow();
        assertEquals("page-shape", PollFailure.reason(e));
        assertEquals("the page has no items at $.notifications but names a next page: its items would be skipped", e.getMessage());
        assertEquals(Optional.of("N0000004"), store.value("thirdfort"), "the cursor did not move past the lost items");
        assertEquals(1.0, errors("thirdfort", "page-shape"));

        thirdfortApi.heal();
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(List.of("N0000001", "N0000002", "N0000003", "N0000004", "N0000005", "N0000006"), published);
    }

    @Test
    void should_take_a_page_without_items_and_without_a_next_page_as_empty() {
        DeclarativePoller poller = poller("thirdfortPoller");
        thirdfortApi.misbehave(MisbehavingApi.renameItems("notifications", "items")); // nothing yet: no token either
        assertEquals(Optional.empty(), poll(poller), "an empty list may be left out of a page");
    }

    @Test
    void should_stop_a_poll_whose_page_tokens_go_round_in_a_circle_and_distrust_its_pages() {
        DeclarativePoller poller = poller("thirdfortPoller");
        thirdfort.add(2);
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(Optional.of("N0000002"), store.value("thirdfort"));
        thirdfort.add(6);
        int calls = thirdfortApi.calls();
        // Real next tokens, then the page at N6 sends the poll back to N4: N2 -> N4 -> N6 -> N4.
        thirdfortApi.misbehave(MisbehavingApi.nextToken("nextPageToken", q -> "N0000006".equals(q.get("page_token")) ? "N0000004"
                : "N0000004".equals(q.get("page_token")) ? "N0000006" : "N0000004"));
        Exception e = poll(poller).orElseThrow();
        assertEquals("page-token-loop", PollFailure.reason(e));
        assertEquals("page token loop: the page sends this poll back to {page_token=N0000004}, which it already read", e.getMessage());
        assertEquals(3, thirdfortApi.calls() - calls, "the loop ends the poll at the page that closes it");
        assertEquals(List.of("N0000001", "N0000002", "N0000003", "N0000004", "N0000005", "N0000006"), published,
                "the page that loops is not handed on");
        // the saves of the pages handed on (N4, N6), then back to where the poll started
        await().atMost(Duration.ofSeconds(5)).until(() -> store.saves("thirdfort") == 4);
        assertEquals(Optional.of("N0000002"), store.value("thirdfort"), "a poll that went round in circles is not trusted");
        assertEquals(1.0, errors("thirdfort", "page-token-loop"));

        thirdfortApi.heal();
        published.clear();
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(List.of("N0000003", "N0000004", "N0000005", "N0000006", "N0000007", "N0000008"), published,
                "read again from N2: the core drops the repeats");
    }

    @Test
    void should_stop_a_poll_that_reads_pages_without_a_new_item() {
        DeclarativePoller poller = poller("thirdfortPoller");
        poller.setNoProgressPages(3);
        thirdfort.add(6);
        AtomicInteger zeros = new AtomicInteger();
        // The API ignores page_token and hands out a new token for the same place every time.
        thirdfortApi.misbehave(MisbehavingApi.ignore("page_token",
                page -> page.put("nextPageToken", "N" + "0".repeat(zeros.incrementAndGet()) + "2")));
        Exception e = poll(poller).orElseThrow();
        assertEquals("no-progress", PollFailure.reason(e));
        assertEquals(4, thirdfortApi.calls(), "one page with new items, then 3 without");
        assertEquals(1.0, errors("thirdfort", "no-progress"));

        thirdfortApi.heal();
        published.clear();
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(List.of("N0000003", "N0000004", "N0000005", "N0000006"), published, "from the last page acknowledged (N0002 is N2)");
    }

    @Test
    void should_move_past_a_newest_event_without_an_id_and_hand_it_on_once() {
        DeclarativePoller poller = poller("stripePoller");
        stripe.add(3);
        ObjectNode noId = Json.MAPPER.createObjectNode().put("object", "event").put("type", "charge.failed");
        stripeApi.misbehave(MisbehavingApi.prepend("data", noId, q -> !q.containsKey("starting_after")));
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(Optional.of(StripeSimulator.id(3)), store.value("stripe"), "the newest event that has an id");
        assertEquals(Optional.empty(), poll(poller));
        stripe.add(2);
        assertEquals(Optional.empty(), poll(poller));
        assertEquals(List.of(StripeSimulator.id(1), StripeSimulator.id(2), StripeSimulator.id(3), "(no id)", StripeSimulator.id(4),
                StripeSimulator.id(5)), published, "read at every poll, handed on once");
        assertEquals(Optional.of(StripeSimulator.id(5)), store.value("stripe"));
    }

    @Test
    void should_fail_the_poll_of_a_lost_ack_after_the_ack_timeout_and_poll_again() throws Exception {
        DeclarativePoller poller = poller("stripePoller");
        poller.setAckTimeout("300ms");
        poller.setInitialBackoff("10ms");
        stripe.add(3);
        Exchange ex = new DefaultExchange(context);
        assertTrue(poller.due(ex));
        poller.fetchPage(ex);
        ex.setProperty(Props.ACK, new CompletableFuture<Void>()); // Kafka's ack never comes
        poller.commit(ex);
        long start = System.nanoTime();
        TimeoutException lost = assertThrows(TimeoutException.class, () -> poller.succeeded(ex));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
        assertEquals("Kafka did not acknowledge the inbox write within PT0.3S", lost.getMessage());
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, lost);
        poller.failed(ex);
        assertEquals(1.0, errors("stripe", "ack-timeout"));

        // The next poll waits for the lost save at most the ack timeout, then reads from the stored cursor.
        published.clear();
        Exchange next = new DefaultExchange(context);
        await().atMost(Duration.ofSeconds(10)).until(() -> poller.due(next)); // hung for good before: a join without timeout
        assertEquals(Optional.empty(), pages(poller, next));
        assertEquals(List.of(StripeSimulator.id(1), StripeSimulator.id(2), StripeSimulator.id(3)), published);
        assertEquals(Optional.of(StripeSimulator.id(3)), store.value("stripe"));
    }
}
