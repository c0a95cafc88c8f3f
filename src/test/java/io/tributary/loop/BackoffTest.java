package io.tributary.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final Backoff schedule = new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void should_poll_at_once_then_every_interval() {
        assertTrue(schedule.due(T0));
        schedule.succeeded(T0);
        assertFalse(schedule.due(T0.plusSeconds(29)));
        assertTrue(schedule.due(T0.plusSeconds(30)));
    }

    @Test
    void should_back_off_exponentially_up_to_the_maximum() {
        assertEquals(Duration.ofSeconds(1), schedule.failed(T0, Optional.empty()));
        assertEquals(Duration.ofSeconds(2), schedule.failed(T0, Optional.empty()));
        assertEquals(Duration.ofSeconds(4), schedule.failed(T0, Optional.empty()));
        for (int i = 0; i < 40; i++) {
            schedule.failed(T0, Optional.empty());
        }
        assertEquals(Duration.ofSeconds(60), schedule.failed(T0, Optional.empty()));
        schedule.succeeded(T0);
        assertEquals(Duration.ofSeconds(1), schedule.failed(T0, Optional.empty()), "a success resets the backoff");
    }

    @Test
    void should_never_retry_before_retry_after() {
        assertEquals(Duration.ofSeconds(120), schedule.failed(T0, Optional.of(Duration.ofSeconds(120))));
        assertFalse(schedule.due(T0.plusSeconds(119)));
        assertTrue(schedule.due(T0.plusSeconds(120)));
    }
}
