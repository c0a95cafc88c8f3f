package io.tributary.providers.stsgen2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.testing.ManualClock;
import org.junit.jupiter.api.Test;

/** When tokens are renewed, on a clock the test moves. */
class StsGen2TokenSetTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock();

    static String jwt(Instant exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"exp\":" + exp.getEpochSecond() + "}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    private static ObjectNode answer(String idToken, Long expiresIn, String refreshToken) {
        ObjectNode a = JSON.createObjectNode().put("id_token", idToken).put("token_type", "Bearer");
        if (expiresIn != null) {
            a.put("expires_in", expiresIn);
        }
        if (refreshToken != null) {
            a.put("refresh_token", refreshToken);
        }
        return a;
    }

    @Test
    void should_refresh_once_three_quarters_of_expires_in_are_gone() {
        StsGen2TokenSet t = StsGen2TokenSet.from(answer("opaque-id", 86400L, "r1"), null, clock.instant());
        assertEquals(clock.instant().plus(Duration.ofHours(24)), t.expiresAt());
        clock.advance(Duration.ofHours(18).minusSeconds(1));
        assertFalse(t.refreshDue(clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(t.refreshDue(clock.instant()));
        assertFalse(t.expired(clock.instant()), "a quarter of the lifetime is left to retry a failed refresh");
        clock.advance(Duration.ofHours(6));
        assertTrue(t.expired(clock.instant()));
    }

    @Test
    void should_prefer_expires_in_to_a_skewed_jwt_exp() {
        String skewed = jwt(clock.instant().minusSeconds(30)); // the provider's clock is behind ours
        StsGen2TokenSet t = StsGen2TokenSet.from(answer(skewed, 60L, "r1"), null, clock.instant());
        assertEquals(clock.instant().plusSeconds(60), t.expiresAt());
        assertEquals(clock.instant().plusSeconds(45), t.refreshAt());
    }

    @Test
    void should_plan_with_the_jwt_exp_when_expires_in_is_missing_and_else_with_one_hour() {
        Instant exp = clock.instant().plus(Duration.ofHours(2));
        assertEquals(exp, StsGen2TokenSet.from(answer(jwt(exp), null, null), null, clock.instant()).expiresAt());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), StsGen2TokenSet.from(answer("opaque", null, null), null, clock.instant()).expiresAt());
        String expired = jwt(clock.instant().minusSeconds(1));
        assertEquals(clock.instant().plus(Duration.ofHours(1)), StsGen2TokenSet.from(answer(expired, null, null), null, clock.instant()).expiresAt(),
                "an exp in the past is skew, not a token to renew in a loop");
    }

    @Test
    void should_keep_the_previous_refresh_token_when_a_refresh_brings_none() {
        assertEquals("r1", StsGen2TokenSet.from(answer("id2", 60L, null), "r1", clock.instant()).refreshToken());
        assertEquals("r2", StsGen2TokenSet.from(answer("id2", 60L, "r2"), "r1", clock.instant()).refreshToken());
    }

    @Test
    void should_print_fingerprints_never_tokens() {
        StsGen2TokenSet t = StsGen2TokenSet.from(answer("secret-id-token", 60L, "secret-refresh-token"), null, clock.instant());
        assertFalse(t.toString().contains("secret"), t.toString());
        assertTrue(t.toString().contains(StsGen2TokenSet.fingerprint("secret-id-token")));
        assertTrue(StsGen2TokenSet.fingerprint("x").matches("sha256:[0-9a-f]{8}"));
    }
}
