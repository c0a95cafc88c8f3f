package io.tributary.providers.stsgen2;

/**
 * Where STS Gen2 bearer tokens come from: a configured token ({@link StsGen2StaticToken}) or the
 * API account's OpenID sign-in ({@link StsGen2OidcTokens}). Tokens never leave this seam except
 * in the Authorization header.
 */
public interface StsGen2Tokens {

    /**
     * A token to call STS Gen2 with now, signing in or refreshing first when needed.
     *
     * @throws io.tributary.http.ApiException when none can be had; its message is safe to show
     */
    String current();

    /**
     * STS Gen2 answered 401 to {@code token}: forget it.
     *
     * @return whether one retry with {@link #current()} may succeed
     */
    boolean rejected(String token);

    /** How tokens are obtained and the current one's fingerprint, for health; never a secret. */
    String describe();
}
