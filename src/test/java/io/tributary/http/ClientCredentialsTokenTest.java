package io.tributary.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import io.tributary.sandbox.JsonHttpSimulator;
import io.tributary.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OAuth2 client credentials against a loopback token endpoint that answers what the test queues. */
class ClientCredentialsTokenTest {

    private static final String SECRET = "cs_live_0123456789";

    private record Answer(int status, String body) {
    }

    private static final class TokenEndpoint extends JsonHttpSimulator {
        final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
        final AtomicInteger requests = new AtomicInteger();

        TokenEndpoint() throws IOException {
            super();
        }

        @Override
        protected void handle(HttpExchange ex) throws IOException {
            requests.incrementAndGet();
            Answer a = answers.isEmpty() ? new Answer(200, "{\"access_token\": \"t" + requests.get() + "\", \"expires_in\": 3600}") : answers.poll();
            send(ex, a.status(), a.body());
        }
    }

    private final TokenEndpoint endpoint = new TokenEndpoint();
    private final ManualClock clock = new ManualClock();
    private final ClientCredentialsToken token = new ClientCredentialsToken(clock);

    ClientCredentialsTokenTest() throws IOException {
        token.setTokenUrl(endpoint.baseUrl() + "/oauth2/token");
        token.setClientId("client-1");
        token.setClientSecret(SECRET);
    }

    @AfterEach
    void tearDown() {
        endpoint.close();
    }

    @Test
    void should_fail_a_refused_client_once_with_the_reason_credentials_and_no_secret() {
        endpoint.answers.add(new Answer(401, "{\"error\": \"invalid_client\", \"client_secret\": \"" + SECRET + "\"}"));
        ApiException e = assertThrows(ApiException.class, token::get);

        assertEquals("credentials", e.reason());
        assertTrue(e.needsHuman());
        assertFalse(e.transientFailure());
        assertEquals(1, endpoint.requests.get(), "one request per attempt: the caller's backoff decides the next");
        assertEquals("Token endpoint refused the client credentials: POST " + endpoint.baseUrl() + "/oauth2/token answered 401: "
                + "{\"error\":\"invalid_client\",\"client_secret\":\"***\"}".replace(",", ", ").replace("\":\"", "\": \""), e.getMessage());
    }

    @Test
    void should_take_oauth2_s_400_invalid_client_as_credentials_and_a_503_as_a_passing_fault() {
        endpoint.answers.add(new Answer(400, "{\"error\": \"invalid_client\"}"));
        assertEquals("credentials", assertThrows(ApiException.class, token::get).reason());
        endpoint.answers.add(new Answer(503, "{}"));
        ApiException e = assertThrows(ApiException.class, token::get);
        assertEquals("server", e.reason());
        assertTrue(e.transientFailure());
        assertEquals("t3", token.get(), "the next attempt fetches afresh");
    }

    @Test
    void should_treat_a_lifetime_under_30_s_as_30_s() {
        endpoint.answers.add(new Answer(200, "{\"access_token\": \"short\", \"expires_in\": 0}"));
        assertEquals("short", token.get());
        clock.advance(Duration.ofSeconds(14));
        assertEquals("short", token.get());
        assertEquals("short", token.get());
        assertEquals(1, endpoint.requests.get(), "expires_in 0 must not cost a token request per page");

        clock.advance(Duration.ofSeconds(2)); // 16 s: past the floor's half-life, renewed early
        assertEquals("t2", token.get());
        assertEquals(2, endpoint.requests.get());
    }

    @Test
    void should_say_a_token_answer_without_access_token_is_unreadable() {
        endpoint.answers.add(new Answer(200, "{\"token_type\": \"Bearer\"}"));
        assertEquals("unreadable", assertThrows(ApiException.class, token::get).reason());
        endpoint.answers.add(new Answer(200, "<html>maintenance</html>"));
        assertEquals("unreadable", assertThrows(ApiException.class, token::get).reason());
    }
}
