package io.tributary.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void should_read_durations_with_units_bare_seconds_and_iso_8601() {
        assertEquals(Duration.ofMillis(500), Settings.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(30), Settings.parseDuration("30s"));
        assertEquals(Duration.ofSeconds(30), Settings.parseDuration("30"));
        assertEquals(Duration.ofMinutes(5), Settings.parseDuration("5m"));
        assertEquals(Duration.ofHours(2), Settings.parseDuration("2h"));
        assertEquals(Duration.ofDays(7), Settings.parseDuration("7d"));
        assertEquals(Duration.ofSeconds(90), Settings.parseDuration("PT1M30S"));
        assertThrows(IllegalArgumentException.class, () -> Settings.parseDuration("soon"));
    }
}
