package io.tributary.providers.zenoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TokenFingerprintTest {

    private static final String TOKEN = "a1b2c3-capability-token";

    @Test
    void should_be_a_stable_keyed_128_bit_hex_that_does_not_contain_the_token() {
        String fp = TokenFingerprint.of("k1", null).of(TOKEN);
        assertTrue(fp.matches("[0-9a-f]{32}"), fp);
        assertEquals(fp, TokenFingerprint.of("k1", null).of(TOKEN), "stable across restarts");
        assertNotEquals(fp, TokenFingerprint.of("k2", null).of(TOKEN), "keyed");
        assertNotEquals(fp, TokenFingerprint.of("k1", null).of(TOKEN + "x"));
        assertFalse(fp.contains(TOKEN));
    }

    @Test
    void should_derive_its_key_from_the_api_key_unless_one_is_configured() {
        assertEquals(TokenFingerprint.of(null, "api").of(TOKEN), TokenFingerprint.of("", "api").of(TOKEN));
        assertNotEquals(TokenFingerprint.of(null, "api").of(TOKEN), TokenFingerprint.of(null, "other-api").of(TOKEN));
        assertNotEquals(TokenFingerprint.of("api", null).of(TOKEN), TokenFingerprint.of(null, "api").of(TOKEN), "the API key is not used as is");
        assertNull(TokenFingerprint.of(null, null));
    }

    @Test
    void should_drop_every_field_that_holds_the_token_from_a_pulled_result() throws Exception {
        ObjectMapper json = new ObjectMapper();
        var payload = json.readTree("{\"a\":\"" + TOKEN + "\",\"b\":{\"c\":\"" + TOKEN + "\",\"d\":1},\"e\":[{\"f\":\"" + TOKEN + "\"}]}");
        assertEquals(json.readTree("{\"b\":{\"d\":1},\"e\":[{}]}"), ZenooOutcomes.withoutToken(payload, TOKEN));
    }
}
