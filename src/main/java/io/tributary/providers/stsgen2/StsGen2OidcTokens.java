package io.tributary.providers.stsgen2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.tributary.http.ApiException;
import io.tributary.loop.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tokens from the API account's sign-in. Renewed on demand: a token past three quarters of its
 * lifetime is refreshed before use, and a refused refresh (the refresh token expired or was
 * revoked) falls back to a full sign-in. Failures back off from 1 s, doubling to 5 min, so a
 * wrong password costs a handful of sign-in attempts, not a storm that could lock the account.
 */
final class StsGen2OidcTokens implements StsGen2Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(StsGen2OidcTokens.class);

    private final StsGen2Oidc oidc;
    private final Clock clock;
    private final Backoff backoff = new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5));
    private StsGen2TokenSet tokens;
    private String lastFailure;
    private ApiException.Reason lastReason;
    private int signIns;
    private int refreshes;

    StsGen2OidcTokens(StsGen2Oidc oidc, Clock clock) {
        this.oidc = oidc;
        this.clock = clock;
    }

    /** Synchronized: concurrent callers share one renewal instead of each signing in. */
    @Override
    public synchronized String current() {
        Instant now = clock.instant();
        if (tokens != null && !tokens.refreshDue(now)) {
            return tokens.idToken();
        }
        if (!backoff.due(now)) {
            return stillValid(now, Duration.between(now, backoff.next()), null);
        }
        try {
            tokens = renew();
            backoff.succeeded(now);
            lastFailure = null;
            lastReason = null;
            return tokens.idToken();
        } catch (ApiException e) {
            lastFailure = e.getMessage();
            lastReason = e.reasonType();
            Duration delay = backoff.failed(now, e.retryAfter());
            LOG.warn("STS Gen2 {}; next attempt in {}", lastFailure, delay);
            return stillValid(now, delay, e);
        }
    }

    /** While renewal backs off, a token that has not expired yet still works. */
    private String stillValid(Instant now, Duration wait, ApiException cause) {
        if (tokens != null && !tokens.expired(now)) {
            return tokens.idToken();
        }
        int status = cause != null ? cause.status() : 0;
        // The wait travels as Retry-After, for the caller's backoff; the reason stays the last failure's while renewal waits.
        throw new ApiException(lastFailure, status, wait, cause, null, lastReason);
    }

    private StsGen2TokenSet renew() {
        if (tokens != null && tokens.refreshToken() != null) {
            try {
                StsGen2TokenSet renewed = StsGen2TokenSet.from(oidc.refresh(tokens.refreshToken()), tokens.refreshToken(), clock.instant());
                refreshes++;
                LOG.info("Refreshed the STS Gen2 id_token: {}", renewed);
                return renewed;
            } catch (ApiException e) {
                if (e.transientFailure()) {
                    throw e; // the provider is unreachable: a sign-in would fail too
                }
                LOG.info("STS Gen2 {}: signing in again", e.getMessage());
                tokens = tokens.withoutRefreshToken();
            }
        }
        StsGen2TokenSet signedIn = StsGen2TokenSet.from(oidc.signIn(), null, clock.instant());
        signIns++;
        LOG.info("Signed in to STS Gen2: {}", signedIn);
        return signedIn;
    }

    @Override
    public synchronized boolean rejected(String token) {
        if (tokens != null && tokens.idToken().equals(token)) {
            tokens = tokens.rejected();
        }
        return true; // renewed, or about to be: one retry with the new token
    }

    @Override
    public synchronized String describe() {
        String now = tokens == null ? "not signed in" : tokens.toString();
        return "sign-in (OpenID Connect): " + now + (lastFailure == null ? "" : "; last failure: " + lastFailure);
    }

    synchronized int signIns() {
        return signIns;
    }

    synchronized int refreshes() {
        return refreshes;
    }
}
