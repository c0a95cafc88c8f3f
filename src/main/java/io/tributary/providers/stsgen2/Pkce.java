package io.tributary.providers.stsgen2;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A PKCE pair (RFC 7636) with the S256 method, the one Oracle requires for API accounts: the
 * challenge goes to authorize, the verifier to the token exchange. A new pair per sign-in.
 */
record Pkce(String verifier, String challenge) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /** 32 random bytes give a 43-character verifier, the shortest Oracle accepts (43 to 128). */
    static Pkce generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return of(BASE64URL.encodeToString(bytes));
    }

    static Pkce of(String verifier) {
        return new Pkce(verifier, challenge(verifier));
    }

    /** BASE64URL(SHA-256(ASCII(verifier))), without padding (RFC 7636 section 4.2). */
    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verifier is a one-time secret: never printed. */
    @Override
    public String toString() {
        return "Pkce[challenge=" + challenge + "]";
    }
}
