package io.tributary.providers.polytomic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.Props;
import io.tributary.poll.DeclarativePoller;
import io.tributary.testing.MemoryCursorStore;
import io.tributary.sandbox.PolytomicSimulator;
import io.tributary.testing.RouteFileBeans;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The poll loop of the route (due, fetchPage, publish, commit) driven by hand, so a publish can fail,
 * with the declarative poller of routes/polytomic.camel.yaml (time cursor with overlap).
 */
class PolytomicPollerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PolytomicSimulator sim;
    private DefaultCamelContext context;
    private DeclarativePoller poller;
    private final Set<String> published = new LinkedHashSet<>();

    @BeforeEach
    void setUp() throws Exception {
        sim = new PolytomicSimulator();
        // The poller exactly as routes/polytomic.camel.yaml declares it, pointed at the simulator.
        context = RouteFileBeans.load(Map.of(
                "tributary.polytomic.base-url", sim.baseUrl(),
                "tributary.polytomic.api-key", PolytomicSimulator.API_KEY,
                "tributary.polytomic.poll-interval", "0s"), new MemoryCursorStore(), "routes/polytomic.camel.yaml");
        poller = context.getRegistry().lookupByNameAndType("polytomicPoller", DeclarativePoller.class);
        poller.setInitialBackoff("0s");
    }

    @AfterEach
    void tearDown() throws Exception {
        sim.close();
        context.close();
    }

    /** One poll as the route runs it; the publish of page {@code failPage} (1-based) fails. */
    @SuppressWarnings("unchecked")
    private void poll(int failPage) throws Exception {
        Exchange ex = new DefaultExchange(context);
        assertTrue(poller.due(ex));
        int page = 0;
        while (ex.getProperty(Props.MORE, false, Boolean.class)) {
            poller.fetchPage(ex);
            if (++page == failPage) {
                return; // Kafka refused the page: the route stops before commit
            }
            for (byte[] item : (List<byte[]>) ex.getMessage().getBody(List.class)) {
                published.add(JSON.readTree(item).get("id").asText());
            }
            poller.commit(ex);
        }
        poller.succeeded(ex);
    }

    @Test
    void should_publish_every_event_when_a_full_page_fails_and_the_next_poll_recovers() throws Exception {
        sim.add(250, 1, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        sim.setVisible(250);
        poll(2); // page 1 is published, page 2's publish fails
        poll(0);
        poll(0);
        assertEquals(250, published.size(), "no event of the failed page is skipped");
    }

    /** One pipelined poll: every page is handed on, but Kafka's ack of page {@code nackPage} fails later. */
    @SuppressWarnings("unchecked")
    private void pollWithFailedAck(int nackPage) throws Exception {
        Exchange ex = new DefaultExchange(context);
        assertTrue(poller.due(ex));
        int page = 0;
        while (ex.getProperty(Props.MORE, false, Boolean.class)) {
            poller.fetchPage(ex);
            boolean nack = ++page == nackPage;
            if (!nack) {
                for (byte[] item : (List<byte[]>) ex.getMessage().getBody(List.class)) {
                    published.add(JSON.readTree(item).get("id").asText());
                }
            }
            ex.setProperty(Props.ACK, nack ? java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("not acknowledged"))
                    : java.util.concurrent.CompletableFuture.completedFuture(null));
            poller.commit(ex);
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> poller.succeeded(ex), "the poll fails");
    }

    @Test
    void should_never_move_the_cursor_past_a_page_whose_ack_failed_while_later_pages_were_in_flight() throws Exception {
        sim.add(250, 1, Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
        sim.setVisible(250);
        pollWithFailedAck(2); // pages 1 and 3 are acknowledged, page 2's ack fails after page 3 was fetched
        poll(0);
        poll(0);
        assertEquals(250, published.size(), "the next poll starts again before page 2");
    }

    @Test
    void should_hand_on_an_event_with_an_unparseable_created_at_instead_of_failing_the_poll() throws Exception {
        sim.add(3, 1, Instant.now().minus(1, ChronoUnit.HOURS)).get(1).put("created_at", "yesterday");
        sim.setVisible(3);
        poll(0);
        assertEquals(Set.of("api-0", "api-1", "api-2"), published, "the bad item goes on to ingest, where it is dead-lettered");
    }
}
