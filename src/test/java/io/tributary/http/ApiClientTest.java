package io.tributary.http;

import static io.tributary.http.RawHttpServer.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Deadlines and size limits against loopback servers that misbehave on the socket. Timings have
 * wide margins (the machine is shared): what matters is that a call returns at all, soon after
 * its deadline, and that the server sees its connection closed.
 */
class ApiClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final long MARGIN_MS = 10_000;

    private static ApiException call(ApiClient client, String url) {
        return assertThrows(ApiException.class, () -> client.send(client.request(url).GET().build()));
    }

    @Test
    void should_give_up_on_a_body_that_trickles_at_the_deadline_and_close_the_connection() throws Exception {
        try (RawHttpServer server = new RawHttpServer((socket, out, s) -> {
            s.write(out, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
            s.timer.scheduleAtFixedRate(() -> {
                try {
                    s.write(out, ascii(" "));
                } catch (IOException closed) {
                    throw new IllegalStateException(closed); // ends the schedule
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
        })) {
            ApiClient client = new ApiClient(DEADLINE);
            long start = System.nanoTime();
            ApiException e = call(client, server.url());
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertEquals("timeout", e.reason());
            assertEquals("GET http://127.0.0.1:" + server.url().split("[:/]")[4] + "/v1/events did not complete within 2s", e.getMessage());
            assertTrue(e.transientFailure());
            assertFalse(e.needsHuman());
            assertTrue(ms >= DEADLINE.toMillis() - 100 && ms < DEADLINE.toMillis() + MARGIN_MS, "returned after " + ms + " ms");
            assertTrue(server.closedWithin(10), "the server still has the connection open");
            assertTrue(server.written.get() < 200, "the trickle ended: " + server.written.get() + " bytes");
        }
    }

    @Test
    void should_give_up_on_headers_followed_by_silence_and_close_the_connection() throws Exception {
        try (RawHttpServer server = new RawHttpServer((socket, out, s) ->
                s.write(out, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n")))) {
            long start = System.nanoTime();
            ApiException e = call(new ApiClient(DEADLINE), server.url());
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertEquals("timeout", e.reason());
            assertTrue(e.getMessage().endsWith(" did not complete within 2s"), e.getMessage());
            assertTrue(ms >= DEADLINE.toMillis() - 100 && ms < DEADLINE.toMillis() + MARGIN_MS, "returned after " + ms + " ms");
            assertTrue(server.closedWithin(10), "the server still has the connection open");
        }
    }

    @Test
    void should_refuse_a_declared_length_over_the_limit_without_reading_it() throws Exception {
        try (RawHttpServer server = new RawHttpServer((socket, out, s) ->
                s.write(out, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n")))) {
            long start = System.nanoTime();
            ApiException e = call(new ApiClient(Duration.ofSeconds(30), ByteSize.MIB, "tributary.stripe.max-page-bytes"), server.url());
            long ms = (System.nanoTime() - start) / 1_000_000;

            assertEquals("too-large", e.reason());
            assertEquals(200, e.status());
            assertTrue(e.getMessage().endsWith("/v1/events answered more than 1 MiB (tributary.stripe.max-page-bytes)"), e.getMessage());
            assertTrue(ms < 30_000, "refused at once, not at the deadline: " + ms + " ms");
            assertTrue(server.closedWithin(10), "the server still has the connection open");
        }
    }

    @Test
    void should_abort_a_chunked_body_once_it_passes_the_limit() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        try (RawHttpServer server = new RawHttpServer((socket, out, s) -> {
            s.write(out, ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int i = 0; i < 16 * 1024; i++) { // 1 GiB unless the client stops reading
                s.write(out, ascii(Integer.toHexString(chunk.length) + "\r\n"));
                s.write(out, chunk);
                s.write(out, ascii("\r\n"));
            }
        })) {
            ApiException e = call(new ApiClient(Duration.ofSeconds(60), 256 * ByteSize.KIB, null), server.url());

            assertEquals("too-large", e.reason());
            assertTrue(e.getMessage().endsWith("/v1/events answered more than 256 KiB"), e.getMessage());
            assertTrue(server.closedWithin(10), "the server still has the connection open");
            assertTrue(server.written.get() < 64L * 1024 * 1024, "the server wrote " + server.written.get() + " bytes before the client stopped");
        }
    }

    @Test
    void should_show_the_first_512_bytes_of_an_error_answer_without_the_secrets() throws Exception {
        String body = "{\"error\": {\"message\": \"No such event: 'evt_1'\", \"type\": \"invalid_request_error\","
                + " \"echo\": \"Bearer sk_live_abcdef123\", \"access_token\": \"tok_9f8e\", \"note\": \"s3cr3t-client\","
                + " \"padding\": \"" + "x".repeat(1000) + "\"}}";
        try (RawHttpServer server = new RawHttpServer((socket, out, s) -> s.write(out, ascii("HTTP/1.1 400 Bad Request\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)))) {
            ApiClient client = new ApiClient(Duration.ofSeconds(30)).hiding("s3cr3t-client");
            ApiException e = assertThrows(ApiException.class, () -> client.send(client.request(server.url())
                    .header("Authorization", "Bearer sk_live_abcdef123").GET().build()));

            assertEquals("client", e.reason());
            assertEquals(400, e.status());
            String prefix = "GET " + server.url().replace("?token=secret", "") + " answered 400: ";
            assertEquals(prefix + "{\"error\": {\"message\": \"No such event: 'evt_1'\", \"type\": \"invalid_request_error\","
                    + " \"echo\": \"***\", \"access_token\": \"***\", \"note\": \"***\", \"padding\": \""
                    + "x".repeat(512 - body.indexOf("xxx")) + " ...", e.getMessage());
            assertEquals(body.length(), e.body().length, "the whole body stays available to the caller (under the limit)");
        }
    }

    @Test
    void should_name_a_refused_connection() throws Exception {
        RawHttpServer server = new RawHttpServer((socket, out, s) -> { });
        String url = server.url();
        server.close();
        ApiException e = call(new ApiClient(Duration.ofSeconds(10)), url);
        assertEquals("connection", e.reason());
        assertEquals(0, e.status());
        assertTrue(e.transientFailure());
    }

    @Test
    void should_name_each_status_s_reason() {
        assertEquals("credentials", new ApiException("x", 401, null, null).reason());
        assertEquals("credentials", new ApiException("x", 403, null, null).reason());
        assertTrue(new ApiException("x", 403, null, null).needsHuman());
        assertEquals("rate-limited", new ApiException("x", 429, null, null).reason());
        assertEquals("server", new ApiException("x", 503, null, null).reason());
        assertEquals("client", new ApiException("x", 404, null, null).reason());
        assertEquals("unreadable", new ApiException("x", 200, null, null).reason());
        assertEquals("timeout", new ApiException("wrapped", 0, null, new ApiException("x", 0, null, null, null, ApiException.Reason.TIMEOUT)).reason(),
                "a wrapper keeps the reason of what it wraps");
    }

    @Test
    void should_read_retry_after_as_seconds_or_an_http_date() {
        assertEquals(Duration.ofSeconds(7), ApiClient.parseRetryAfter("7"));
        Duration d = ApiClient.parseRetryAfter("Wed, 21 Oct 2099 07:28:00 GMT");
        assertTrue(d.toDays() > 1000);
        assertEquals(Duration.ZERO, ApiClient.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertNull(ApiClient.parseRetryAfter("soon"));
    }
}
