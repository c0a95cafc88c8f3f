package io.tributary.providers.stsgen2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StsGen2PkceTest {

    /** The RFC's value (checked with openssl too); the issue quoted a different one, which is not the RFC's. */
    @Test
    void should_derive_the_s256_challenge_of_rfc_7636_appendix_b() {
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    @Test
    void should_generate_a_new_43_character_base64url_verifier_for_each_sign_in() {
        Pkce a = Pkce.generate();
        Pkce b = Pkce.generate();
        assertTrue(a.verifier().matches("[A-Za-z0-9_-]{43}"), "43 to 128 characters of the unreserved set, as Oracle asks");
        assertEquals(Pkce.challenge(a.verifier()), a.challenge());
        assertNotEquals(a.verifier(), b.verifier());
    }

    @Test
    void should_never_print_the_verifier() {
        Pkce p = Pkce.generate();
        assertFalse(p.toString().contains(p.verifier()));
    }
}
