package io.tributary.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.testing.ManualClock;
import io.tributary.testing.MemoryCursorStore;
import io.tributary.testing.RouteFileBeans;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pollers' liveness: a poll past its stall deadline, or a led provider whose route stopped ticking. */
class PollLivenessTest {

    private final ManualClock clock = new ManualClock();
    private final AtomicBoolean leads = new AtomicBoolean(true);
    private DefaultCamelContext context;
    private DeclarativePoller poller;
    private PollLiveness liveness;

    @BeforeEach
    void setUp() throws Exception {
        context = RouteFileBeans.load(Map.of("tributary.stripe.api-key", "rk_test", "tributary.stripe.base-url", "http://127.0.0.1:9"),
                new MemoryCursorStore(), "routes/stripe.camel.yaml");
        poller = context.getRegistry().lookupByNameAndType("stripePoller", DeclarativePoller.class);
        poller.setClock(clock);
        liveness = new PollLiveness(clock, provider -> provider.equals("stripe") && leads.get());
        liveness.setCamelContext(context);
    }

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    private HealthCheck.Result call() {
        return liveness.call(Map.of());
    }

    @Test
    void should_fail_liveness_when_a_poll_made_no_step_past_its_deadline() {
        assertTrue(liveness.isLiveness());
        assertEquals(Duration.ofSeconds(120), poller.stallTimeout(), "two calls of 30 s and an ack of 60 s");
        Exchange ex = new DefaultExchange(context);
        assertTrue(poller.due(ex)); // a poll starts; its first fetch never returns
        clock.advance(Duration.ofSeconds(120));
        assertEquals(HealthCheck.State.UP, call().getState(), "at the deadline, still alive");
        clock.advance(Duration.ofSeconds(1));
        HealthCheck.Result r = call();
        assertEquals(HealthCheck.State.DOWN, r.getState());
        assertEquals("stripe poll has made no step for 121 s (deadline 120 s)", r.getMessage().orElseThrow());

        ex.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("the call finally failed"));
        poller.failed(ex);
        assertEquals(HealthCheck.State.UP, call().getState(), "a failed poll backs off: that is not a hang");
    }

    @Test
    void should_fail_liveness_when_a_led_provider_s_route_stops_ticking() {
        Exchange ex = new DefaultExchange(context);
        poller.due(ex);
        ex.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("503"));
        poller.failed(ex); // the poll ended; the route's thread then dies
        assertEquals(HealthCheck.State.UP, call().getState());
        clock.advance(Duration.ofSeconds(121));
        HealthCheck.Result r = call();
        assertEquals(HealthCheck.State.DOWN, r.getState());
        assertEquals("stripe is led here but its poll route has not run for 121 s (deadline 120 s)", r.getMessage().orElseThrow());

        leads.set(false);
        assertEquals(HealthCheck.State.UP, call().getState(), "a replica that does not lead never ticks");
        leads.set(true);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(HealthCheck.State.UP, call().getState(), "leading again: the deadline counts from then");
    }
}
