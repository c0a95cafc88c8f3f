package io.tributary.providers.stsgen2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.http.ApiException;
import io.tributary.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** When the sign-in token source signs in, refreshes and backs off, on a clock the test moves. */
class StsGen2OidcTokensTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An OpenID provider whose tokens live 100 s; what it refuses is up to the test. */
    private static final class FakeOidc implements StsGen2Oidc {
        int signIns;
        int refreshes;
        boolean wrongPassword;
        boolean refuseRefresh;
        boolean down;

        @Override
        public JsonNode signIn() {
            signIns++;
            if (down) {
                throw new ApiException("sign-in failed: HTTP 503", 503, null, null);
            }
            if (wrongPassword) {
                throw new ApiException("sign-in refused: HTTP 401 invalid.credentials (AUTHENTICATION_INVALID)", 401, null, null);
            }
            return JSON.createObjectNode().put("id_token", "id-s" + signIns).put("expires_in", 100).put("refresh_token", "refresh-" + signIns);
        }

        @Override
        public JsonNode refresh(String refreshToken) {
            refreshes++;
            if (down) {
                throw new ApiException("refresh failed: HTTP 503", 503, null, null);
            }
            if (refuseRefresh) {
                throw new ApiException("refresh refused: HTTP 401", 401, null, null);
            }
            return JSON.createObjectNode().put("id_token", "id-r" + refreshes).put("expires_in", 100);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final FakeOidc oidc = new FakeOidc();
    private final StsGen2OidcTokens tokens = new StsGen2OidcTokens(oidc, clock);

    @Test
    void should_sign_in_on_first_use_and_reuse_the_token_until_three_quarters_of_its_life() {
        assertEquals("id-s1", tokens.current());
        clock.advance(Duration.ofSeconds(74));
        assertEquals("id-s1", tokens.current());
        assertEquals(1, oidc.signIns);
        assertEquals(0, oidc.refreshes);
        clock.advance(Duration.ofSeconds(1));
        assertEquals("id-r1", tokens.current());
        clock.advance(Duration.ofSeconds(75));
        assertEquals("id-r2", tokens.current(), "the refresh token of the sign-in is kept when a refresh brings none");
        assertEquals(1, oidc.signIns);
    }

    @Test
    void should_sign_in_again_when_the_refresh_token_is_refused() {
        tokens.current();
        oidc.refuseRefresh = true;
        clock.advance(Duration.ofSeconds(80));
        assertEquals("id-s2", tokens.current());
        assertEquals(1, oidc.refreshes);
        assertEquals(2, oidc.signIns);
    }

    @Test
    void should_keep_a_valid_token_while_the_provider_is_down_and_back_off() {
        tokens.current();
        oidc.down = true;
        clock.advance(Duration.ofSeconds(80));
        assertEquals("id-s1", tokens.current(), "20 s of life left: the old token still works");
        assertEquals("id-s1", tokens.current());
        assertEquals(1, oidc.refreshes, "the second call waits for the backoff");
        clock.advance(Duration.ofSeconds(20));
        ApiException e = assertThrows(ApiException.class, tokens::current);
        assertTrue(e.getMessage().startsWith("refresh failed: HTTP 503"), e.getMessage());
        assertEquals("server", e.reason());
    }

    @Test
    void should_try_a_wrong_password_a_bounded_number_of_times() {
        oidc.wrongPassword = true;
        ApiException first = assertThrows(ApiException.class, tokens::current);
        assertTrue(first.getMessage().startsWith("sign-in refused: HTTP 401 invalid.credentials (AUTHENTICATION_INVALID)"), first.getMessage());
        assertEquals(401, first.status());
        assertEquals("credentials", first.reason());
        for (int i = 0; i < 6000; i++) { // a caller asking every 100 ms for 10 minutes
            clock.advance(Duration.ofMillis(100));
            ApiException waiting = assertThrows(ApiException.class, tokens::current);
            assertEquals("credentials", waiting.reason(), "while renewal backs off, the reason stays the last failure's");
        }
        // Backoff 1, 2, 4 ... 256 s, then 5 min: 10 attempts in 10 minutes instead of 6000.
        assertTrue(oidc.signIns <= 11, "sign-in attempts: " + oidc.signIns);
        assertTrue(tokens.describe().contains("invalid.credentials"), tokens.describe());
    }

    @Test
    void should_renew_a_token_that_sts_gen2_refused_before_its_time() {
        String first = tokens.current();
        assertTrue(tokens.rejected(first));
        assertEquals("id-r1", tokens.current());
        assertTrue(tokens.rejected(first), "an old token's refusal changes nothing: the retry uses the new one");
        assertEquals("id-r1", tokens.current());
    }
}
