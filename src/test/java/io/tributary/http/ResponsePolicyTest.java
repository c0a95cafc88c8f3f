package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;

import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared answer policy against a server that answers what the test queues: 401 renews once, 429 waits. */
class ResponsePolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private record Answer(int status, String retryAfter, String body) {
    }

    private static final class Scripted extends JsonHttpSimulator {
        final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
        final List<String> authorizations = new ArrayList<>();

        Scripted() throws IOException {
            super();
        }

        @Override
        protected synchronized void handle(HttpExchange ex) throws IOException {
            authorizations.add(ex.getRequestHeaders().getFirst("Authorization"));
            Answer a = answers.isEmpty() ? new Answer(200, null, "{}") : answers.poll();
            if (a.retryAfter() != null) {
                ex.getResponseHeaders().add("Retry-After", a.retryAfter());
            }
            send(ex, a.status(), a.body());
        }
    }

    /** Tokens t1, t2, ...: a rejected one is replaced. */
    private static final class Renewing implements Credentials {
        int issued = 1;
        int rejected;

        @Override
        public String applyTo(HttpRequest.Builder request) {
            request.header("Authorization", "Bearer t" + issued);
            return "t" + issued;
        }

        @Override
        public boolean rejected(String sent) {
            rejected++;
            issued++;
            return true;
        }
    }

    private final Scripted server = new Scripted();
    private final ApiClient client = new ApiClient(Duration.ofSeconds(5));
    private final Renewing credentials = new Renewing();
    private final ResponsePolicy policy = new ResponsePolicy(client, credentials, new LimitedUntil("rate_limited_until"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    ResponsePolicyTest() throws IOException {
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private int get() {
        return policy.send(() -> client.request(server.baseUrl() + "/list").GET()).statusCode();
    }

    @Test
    void should_renew_the_credentials_once_after_a_401_and_retry() {
        server.answers.add(new Answer(401, null, "{}"));
        assertEquals(200, get());
        assertEquals(List.of("Bearer t1", "Bearer t2"), server.authorizations);
        assertEquals(1, credentials.rejected);
    }

    @Test
    void should_give_up_after_a_second_401() {
        server.answers.add(new Answer(401, null, "{}"));
        server.answers.add(new Answer(401, null, "{}"));
        ApiException e = assertThrows(ApiException.class, this::get);
        assertEquals(401, e.status());
        assertEquals("credentials", e.reason());
        assertTrue(e.needsHuman());
        assertEquals(2, server.authorizations.size(), "one retry, not a loop");
    }

    @Test
    void should_renew_once_after_a_403_too_and_name_a_lasting_one_credentials() {
        server.answers.add(new Answer(403, null, "{}"));
        assertEquals(200, get());
        assertEquals(List.of("Bearer t1", "Bearer t2"), server.authorizations);

        server.answers.add(new Answer(403, null, "{\"message\": \"key revoked\"}"));
        server.answers.add(new Answer(403, null, "{\"message\": \"key revoked\"}"));
        ApiException e = assertThrows(ApiException.class, this::get);
        assertEquals("credentials", e.reason());
        assertTrue(e.getMessage().endsWith("/list answered 403: {\"message\": \"key revoked\"}"), e.getMessage());
        assertEquals(4, server.authorizations.size());
    }

    @Test
    void should_fail_at_once_with_a_fixed_key_that_is_refused() {
        ResponsePolicy fixedKey = new ResponsePolicy(client, new ApiKeyOnly());
        server.answers.add(new Answer(401, null, "{}"));
        ApiException e = assertThrows(ApiException.class, () -> fixedKey.send(() -> client.request(server.baseUrl() + "/list").GET()));
        assertEquals("credentials", e.reason());
        assertEquals(1, server.authorizations.size(), "a fixed key cannot be renewed: no retry");
    }

    private static final class ApiKeyOnly implements Credentials {
        @Override
        public String applyTo(HttpRequest.Builder request) {
            request.header("Authorization", "Bearer fixed");
            return "fixed";
        }
    }

    @Test
    void should_wait_the_longer_of_retry_after_and_the_time_in_the_body() {
        server.answers.add(new Answer(429, "30", "{\"details\": \"{'rate_limited_until': '2026-01-10T12:01:30Z'}\"}"));
        ApiException e = assertThrows(ApiException.class, this::get);
        assertEquals(429, e.status());
        assertEquals("rate-limited", e.reason());
        assertEquals(Optional.of(Duration.ofSeconds(90)), e.retryAfter());
        assertTrue(e.transientFailure());

        server.answers.add(new Answer(429, "120", "{\"details\": \"{'rate_limited_until': '2026-01-10T12:01:30Z'}\"}"));
        assertEquals(Optional.of(Duration.ofSeconds(120)), assertThrows(ApiException.class, this::get).retryAfter());
        server.answers.add(new Answer(429, null, "{}"));
        assertEquals(Optional.empty(), assertThrows(ApiException.class, this::get).retryAfter(), "nothing said: the backoff decides");
    }
}
