package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ApiClientTest {

    @Test
    void should_read_retry_after_as_seconds_or_an_http_date() {
        assertEquals(Duration.ofSeconds(7), ApiClient.parseRetryAfter("7"));
        Duration d = ApiClient.parseRetryAfter("Wed, 21 Oct 2099 07:28:00 GMT");
        assertTrue(d.toDays() > 1000);
        assertEquals(Duration.ZERO, ApiClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertNull(ApiClient.parseRetryAfter("soon"));
    }
}
