package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class LimitedUntilTest {

    private final LimitedUntil alcmeon = new LimitedUntil("rate_limited_until");

    @Test
    void should_read_rate_limited_until_from_alcmeon_s_python_style_details_string() {
        String body = "{\"error\": \"Too many requests\", \"details\": \"{'rate_limited_until': '2024-01-22T13:05:41Z'}\"}";
        assertEquals(Optional.of(Instant.parse("2024-01-22T13:05:41Z")), alcmeon.in(body));
        assertEquals(Optional.of(Instant.parse("2024-01-22T12:05:41Z")),
                alcmeon.in("{'rate_limited_until': '2024-01-22T13:05:41+01:00'}"), "an offset is honoured");
    }

    @Test
    void should_read_a_plain_json_field_holding_unix_seconds() {
        assertEquals(Optional.of(Instant.ofEpochSecond(1700000000)), alcmeon.in("{\"rate_limited_until\": 1700000000}"));
    }

    @Test
    void should_say_nothing_when_the_body_does_not_tell() {
        assertEquals(Optional.empty(), alcmeon.in("{\"error\":\"nope\"}"));
        assertEquals(Optional.empty(), alcmeon.in("{\"rate_limited_until\": \"soon\"}"));
        assertEquals(Optional.empty(), alcmeon.in((byte[]) null));
    }
}
