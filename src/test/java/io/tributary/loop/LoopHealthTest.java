package io.tributary.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import io.tributary.testing.ManualClock;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class LoopHealthTest {

    private final ManualClock clock = new ManualClock();

    private HealthCheck.Result call(LoopHealth health) {
        health.setCamelContext(new DefaultCamelContext());
        return health.call(Map.of());
    }

    @Test
    void should_report_a_failing_loop_with_the_age_of_its_last_success() {
        LoopHealth health = new LoopHealth(clock);
        health.succeeded("thirdfort-poll");
        clock.advance(Duration.ofMinutes(5));
        health.failed("thirdfort-poll", new IllegalStateException("HTTP 503"));
        clock.advance(Duration.ofMinutes(1));
        HealthCheck.Result r = call(health);
        assertEquals(HealthCheck.State.DOWN, r.getState());
        assertEquals(360L, r.getDetails().get("thirdfort-poll.last-success-age-seconds"));
        assertEquals(60L, r.getDetails().get("thirdfort-poll.failing-for-seconds"));
        assertTrue(String.valueOf(r.getDetails().get("thirdfort-poll.error")).contains("HTTP 503"));
        assertFalse(health.isReadiness() || health.isLiveness(), "a provider's outage must not restart or unready the instance");
    }

    @Test
    void should_recover_on_the_next_success() {
        LoopHealth health = new LoopHealth(clock);
        health.failed("tributary-spool-drain", new IllegalStateException("Kafka away"));
        assertEquals(HealthCheck.State.DOWN, call(health).getState());
        health.succeeded("tributary-spool-drain");
        assertEquals(HealthCheck.State.UP, call(health).getState());
    }
}
