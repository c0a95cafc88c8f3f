package io.tributary.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import io.tributary.event.Json;
import io.tributary.config.Props;
import io.tributary.http.ApiException;
import io.tributary.testing.MemoryCursorStore;
import io.tributary.testing.RouteFileBeans;
import io.tributary.testing.StripeSimulator;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The id cursor with has_more on a newest-first list (Stripe's /v1/events), with the poller of the
 * documented route file snippet, its route steps driven by hand so the test holds Kafka's acks.
 */
class StripeStylePollingTest {

    private static final String SNIPPET = "routes/stripe.camel.yaml";

    private StripeSimulator sim;
    private MemoryCursorStore store;
    private DefaultCamelContext context;
    private DeclarativePoller poller;
    private final List<String> published = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        sim = new StripeSimulator();
        store = new MemoryCursorStore();
        context = RouteFileBeans.load(Map.of("tributary.stripe.base-url", sim.baseUrl(), "tributary.stripe.api-key", StripeSimulator.API_KEY,
                "tributary.stripe.poll-interval", "0s", "tributary.stripe.page-size", "10"), store, SNIPPET);
        poller = context.getRegistry().lookupByNameAndType("stripePoller", DeclarativePoller.class);
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
        context.close();
    }

    /** A poll's pages as the route hands them on: each page's ack, to complete when Kafka "acknowledges" it. */
    private record Poll(Exchange exchange, List<CompletableFuture<Void>> acks) {
    }

    /** Runs a due poll's pages; pages with events get an ack the test completes, empty ones are acknowledged at once. */
    @SuppressWarnings("unchecked")
    private Poll pages(Exchange ex, Runnable afterFirstPage) throws Exception {
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        while (ex.getProperty(Props.MORE, false, Boolean.class)) {
            poller.fetchPage(ex);
            List<byte[]> items = ex.getMessage().getBody(List.class);
            items.forEach(i -> published.add(Json.read(i).get("id").asText()));
            CompletableFuture<Void> ack = items.isEmpty() ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();
            if (!items.isEmpty()) {
                acks.add(ack);
            }
            ex.setProperty(Props.ACK, ack);
            poller.commit(ex);
            if (afterFirstPage != null && !items.isEmpty() && acks.size() == 1) {
                afterFirstPage.run();
            }
        }
        return new Poll(ex, acks);
    }

    private Poll startPoll(Runnable afterFirstPage) throws Exception {
        Exchange ex = new DefaultExchange(context);
        assertTrue(poller.due(ex));
        return pages(ex, afterFirstPage);
    }

    /** One whole poll with every ack completed. */
    private void poll() throws Exception {
        Poll p = startPoll(null);
        p.acks().forEach(a -> a.complete(null));
        poller.succeeded(p.exchange());
    }

    private static List<String> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(StripeSimulator::id).toList();
    }

    @Test
    void should_walk_back_to_the_oldest_page_then_publish_every_event_oldest_first() throws Exception {
        sim.add(25);
        poll();
        assertEquals(ids(1, 25), published, "each event once, oldest first");
        assertEquals(List.of("limit=10", "limit=10&starting_after=" + StripeSimulator.id(16), "limit=10&starting_after=" + StripeSimulator.id(6),
                "limit=10&ending_before=" + StripeSimulator.id(5), "limit=10&ending_before=" + StripeSimulator.id(15)), sim.queries(),
                "back through the history with starting_after, then forward with ending_before");
        assertEquals(Optional.of(StripeSimulator.id(25)), store.value("stripe"));
    }

    @Test
    void should_save_the_cursor_only_after_the_page_and_every_earlier_one_are_acknowledged() throws Exception {
        sim.add(25);
        Poll p = startPoll(null);
        assertEquals(3, p.acks().size(), "events 1-5, 6-15, 16-25");
        assertEquals(ids(1, 25), published, "all three pages were fetched while none was acknowledged (pipelined)");
        assertTrue(store.value("stripe").isEmpty());

        p.acks().get(2).complete(null);
        p.acks().get(1).complete(null);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> store.value("stripe").isEmpty());

        p.acks().get(0).complete(null);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.value("stripe").equals(Optional.of(StripeSimulator.id(25))));
        poller.succeeded(p.exchange());
    }

    @Test
    void should_restart_from_the_last_acknowledged_page_when_a_later_ack_fails() throws Exception {
        sim.add(25);
        Poll p = startPoll(null);
        p.acks().get(0).complete(null);
        p.acks().get(1).completeExceptionally(new IllegalStateException("Kafka refused page 2"));
        p.acks().get(2).complete(null);
        assertThrows(IllegalStateException.class, () -> poller.succeeded(p.exchange()));
        assertEquals(Optional.of(StripeSimulator.id(5)), store.value("stripe"), "page 1 is safe; page 2 and after are not");

        published.clear();
        poll();
        assertEquals(ids(6, 25), published, "the next poll reads again from the first unacknowledged page");
    }

    @Test
    void should_skip_no_event_when_new_ones_arrive_between_two_polls_and_during_one() throws Exception {
        sim.add(25);
        poll();
        sim.add(13);
        Poll p = startPoll(() -> sim.add(2)); // 2 more arrive after the second poll's first page
        p.acks().forEach(a -> a.complete(null));
        poller.succeeded(p.exchange());
        assertEquals(ids(1, 40), published, "every event once, in order, across both polls");
        assertTrue(sim.queries().subList(5, sim.queries().size()).stream().noneMatch(q -> q.contains("starting_after")),
                "with a cursor stored, no seek back through the history");
        assertEquals(Optional.of(StripeSimulator.id(40)), store.value("stripe"));
    }

    @Test
    void should_back_off_on_429_until_retry_after_and_keep_the_cursor() throws Exception {
        sim.add(5);
        poll();
        sim.add(3);
        sim.failNext(429, "2");
        Exchange ex = new DefaultExchange(context);
        assertTrue(poller.due(ex));
        ApiException limited = assertThrows(ApiException.class, () -> poller.fetchPage(ex));
        assertEquals(Optional.of(Duration.ofSeconds(2)), limited.retryAfter());
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, limited);
        poller.failed(ex); // what the tributary-poll-errors route does

        assertFalse(poller.due(new DefaultExchange(context)), "no call before Retry-After");
        Exchange retry = new DefaultExchange(context);
        await().atLeast(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> poller.due(retry));
        assertEquals(Optional.of(StripeSimulator.id(5)), store.value("stripe"), "the failed poll kept the cursor");
        Poll p = pages(retry, null);
        p.acks().forEach(a -> a.complete(null));
        poller.succeeded(retry);
        assertEquals(ids(1, 8), published);
    }
}
