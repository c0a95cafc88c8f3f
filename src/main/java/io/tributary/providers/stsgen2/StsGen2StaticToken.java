package io.tributary.providers.stsgen2;

import java.time.Instant;

/** A token pasted into {@code tributary.sts-gen2.token}: used as is until it expires and STS Gen2 refuses it. */
final class StsGen2StaticToken implements StsGen2Tokens {

    private final String token;

    StsGen2StaticToken(String token) {
        this.token = token;
    }

    @Override
    public String current() {
        return token;
    }

    /** The same token would be refused again: no retry. */
    @Override
    public boolean rejected(String token) {
        return false;
    }

    /** Says when a JWT token expires, so a registration failing with 401 explains itself. */
    @Override
    public String describe() {
        String exp = StsGen2TokenSet.jwtExpiry(token)
                .map(e -> (e.isAfter(Instant.now()) ? ", expires " : ", expired ") + e).orElse("");
        return "static token " + StsGen2TokenSet.fingerprint(token) + exp;
    }
}
