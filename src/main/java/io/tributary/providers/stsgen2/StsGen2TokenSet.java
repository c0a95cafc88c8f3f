package io.tributary.providers.stsgen2;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Json;
import io.tributary.http.ApiException;

/**
 * The tokens of one sign-in or refresh, held in memory only, and when to renew them. Printing it
 * shows fingerprints, never the tokens.
 */
final class StsGen2TokenSet {

    /** Neither {@code expires_in} nor a JWT {@code exp}: a lifetime we chose, not Oracle's. */
    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final String idToken;
    private final String refreshToken;
    private final Instant expiresAt;
    private final Instant refreshAt;

    private StsGen2TokenSet(String idToken, String refreshToken, Instant expiresAt, Instant refreshAt) {
        this.idToken = idToken;
        this.refreshToken = refreshToken;
        this.expiresAt = expiresAt;
        this.refreshAt = refreshAt;
    }

    /**
     * From a token endpoint answer ({@code id_token}, {@code expires_in}, {@code refresh_token}, as
     * Oracle documents it). An answer without a refresh token keeps the previous one.
     */
    static StsGen2TokenSet from(JsonNode answer, String previousRefreshToken, Instant now) {
        String id = answer.path("id_token").asText("");
        if (id.isEmpty()) {
            throw new ApiException("the token endpoint answered without an id_token", 200, null, null);
        }
        String refresh = answer.path("refresh_token").asText("");
        long expiresIn = answer.path("expires_in").asLong(0); // a number in Oracle's sample; a numeric string reads too
        Instant expiresAt = expiry(expiresIn > 0 ? expiresIn : null, jwtExpiry(id), now);
        return new StsGen2TokenSet(id, refresh.isEmpty() ? previousRefreshToken : refresh, expiresAt, refreshAt(now, expiresAt));
    }

    /**
     * {@code expires_in} first: it is relative, so a skewed clock on either side cannot make a
     * fresh token look expired. The JWT {@code exp} only when it is missing, and only if ahead.
     */
    static Instant expiry(Long expiresInSeconds, Optional<Instant> jwtExp, Instant now) {
        if (expiresInSeconds != null && expiresInSeconds > 0) {
            return now.plusSeconds(expiresInSeconds);
        }
        return jwtExp.filter(now::isBefore).orElse(now.plus(DEFAULT_LIFETIME));
    }

    /** Renew once three quarters of the lifetime are gone (our choice): a quarter is left to retry a failed refresh. */
    static Instant refreshAt(Instant issuedAt, Instant expiresAt) {
        return issuedAt.plus(Duration.between(issuedAt, expiresAt).multipliedBy(3).dividedBy(4));
    }

    /** The {@code exp} claim of a JWT, read without verifying the signature: used for planning only. */
    static Optional<Instant> jwtExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.path("exp");
            return exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The first 8 hex digits of the token's SHA-256: enough to tell tokens apart in logs, useless to an attacker. */
    static String fingerprint(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String idToken() {
        return idToken;
    }

    String refreshToken() {
        return refreshToken;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant refreshAt() {
        return refreshAt;
    }

    boolean refreshDue(Instant now) {
        return !now.isBefore(refreshAt);
    }

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** STS Gen2 refused the id_token: treat it as expired, but keep the refresh token. */
    StsGen2TokenSet rejected() {
        return new StsGen2TokenSet(idToken, refreshToken, Instant.EPOCH, Instant.EPOCH);
    }

    /** The OpenID provider refused the refresh token: only a new sign-in helps. */
    StsGen2TokenSet withoutRefreshToken() {
        return new StsGen2TokenSet(idToken, null, expiresAt, refreshAt);
    }

    @Override
    public String toString() {
        return "id_token " + fingerprint(idToken) + " expires " + expiresAt + ", refresh at " + refreshAt
                + (refreshToken == null ? ", no refresh token" : ", refresh token " + fingerprint(refreshToken));
    }
}
