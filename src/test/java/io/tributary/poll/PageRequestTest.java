package io.tributary.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import io.tributary.http.ApiException;
import io.tributary.poll.cursor.CursorSpec;
import io.tributary.sandbox.JsonHttpSimulator;
import io.tributary.poll.cursor.JsonPaths;
import org.junit.jupiter.api.Test;

/** URL building and the configuration checks of a declarative poller, and its page size limit against a loopback API. */
class PageRequestTest {

    private final PageRequest request = new PageRequest();

    @Test
    void should_build_thirdfort_s_url_with_page_size_token_and_the_filter_on_every_page() {
        request.setBaseUrl("https://api.thirdfort.com/client/api/");
        request.setPath("/v1/organizations/acme-corp/notifications");
        request.setPageSize(100);
        request.setPageSizeParam("page_size");
        request.setSinceQuery("filter=create_time > \"{since}\"");
        assertEquals("https://api.thirdfort.com/client/api/v1/organizations/acme-corp/notifications?page_size=100",
                request.url(Map.of(), null), "a base URL's trailing slash is dropped");
        assertEquals("https://api.thirdfort.com/client/api/v1/organizations/acme-corp/notifications?page_size=100&page_token=a%2Bb%2F%3D"
                + "&filter=create_time%20%3E%20%222024-06-01T00%3A00%3A00Z%22", request.url(Map.of("page_token", "a+b/="), "2024-06-01T00:00:00Z"));
        assertTrue(request.filtersBySince());
    }

    @Test
    void should_add_the_cursor_to_a_path_that_has_a_query_already_and_send_no_page_size_when_the_api_takes_none() {
        request.setBaseUrl("https://api.stripe.com");
        request.setPath("/v1/events?type=charge.*");
        Map<String, String> cursor = new LinkedHashMap<>();
        cursor.put("ending_before", "evt_1");
        assertEquals("https://api.stripe.com/v1/events?type=charge.*&ending_before=evt_1", request.url(cursor, null));
        assertFalse(request.filtersBySince());
        assertEquals("https://api.stripe.com/v1/events?type=charge.*", request.url(Map.of(), "2024-06-01T00:00:00Z"),
                "no since query: a since cannot be sent");
    }

    @Test
    void should_show_a_missing_setting_in_the_path_instead_of_hiding_it() {
        request.setBaseUrl("https://api.thirdfort.com/client/api");
        request.setPath("/v1/organizations//notifications");
        assertEquals("https://api.thirdfort.com/client/api/v1/organizations//notifications", request.url(Map.of(), null));
    }

    @Test
    void should_read_fixed_headers_one_a_line() {
        request.setHeaders("X-Polytomic-Version: 2024-02-08\nStripe-Version: 2024-06-20\n");
        assertEquals(Map.of("X-Polytomic-Version", "2024-02-08", "Stripe-Version", "2024-06-20"), request.headers());
        assertThrows(IllegalArgumentException.class, () -> request.setHeaders("no colon"));
    }

    @Test
    void should_read_the_most_bytes_of_a_page_as_a_size_or_auto() {
        request.setMaxPageBytes("4MiB");
        assertEquals(4L * 1024 * 1024, request.maxPageBytes());
        request.setMaxPageBytes("512KiB");
        assertEquals(512L * 1024, request.maxPageBytes());
        request.setMaxPageBytes("2000000");
        assertEquals(2_000_000L, request.maxPageBytes());
        request.setMaxPageBytes("auto");
        assertEquals(Math.max(256L * 1024, Math.min(16L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 32)), request.maxPageBytes());
        assertEquals(request.maxPageBytes(), new PageRequest().maxPageBytes(), "auto is the default");
        assertThrows(IllegalArgumentException.class, () -> request.setMaxPageBytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> request.setMaxPageBytes("0"));
        assertThrows(IllegalArgumentException.class, () -> request.setMaxPageBytes("4GiB"));
    }

    @Test
    void should_refuse_a_page_over_its_limit_and_name_the_setting() throws Exception {
        String big = "{\"notifications\": [" + "{\"name\": \"x\"},".repeat(20_000) + "{}]}";
        try (BigPage api = new BigPage(big)) {
            request.setBaseUrl(api.baseUrl());
            request.setPath("/v1/notifications");
            request.setMaxPageBytes("64KiB");
            request.setProvider("thirdfort");
            ApiException e = assertThrows(ApiException.class, () -> request.get(Map.of(), null));
            assertEquals("too-large", e.reason());
            assertEquals("GET " + api.baseUrl() + "/v1/notifications answered more than 64 KiB (tributary.thirdfort.max-page-bytes)", e.getMessage());

            request.setMaxPageBytes("1MiB");
            PageRequest fresh = new PageRequest();
            fresh.setBaseUrl(api.baseUrl());
            fresh.setPath("/v1/notifications");
            fresh.setMaxPageBytes("1MiB");
            assertEquals(20_001, fresh.get(Map.of(), null).path("notifications").size(), "under the limit: read whole");
        }
    }

    private static final class BigPage extends JsonHttpSimulator {
        private final String body;

        BigPage(String body) throws java.io.IOException {
            super();
            this.body = body;
        }

        @Override
        protected void handle(HttpExchange ex) throws java.io.IOException {
            send(ex, 200, body);
        }
    }

    @Test
    void should_refuse_a_since_query_without_the_time() {
        assertThrows(IllegalArgumentException.class, () -> request.setSinceQuery("filter=create_time"));
        assertThrows(IllegalStateException.class, () -> new PageRequest().url(Map.of(), null), "no base URL");
    }

    @Test
    void should_refuse_an_incomplete_or_unknown_cursor_at_start_up() {
        CursorSpec spec = new CursorSpec();
        spec.setStyle("page-token");
        spec.setParam("page_token");
        assertThrows(IllegalArgumentException.class, spec::build, "no path");
        spec.setPath("$.nextPageToken");
        spec.build();
        spec.setStyle("offset");
        assertThrows(IllegalArgumentException.class, spec::build);
        assertThrows(IllegalArgumentException.class, () -> JsonPaths.compile("$.[broken"));
    }
}
