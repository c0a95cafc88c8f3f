package io.tributary.http;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.config.Settings;
import io.tributary.http.ApiException.Reason;

/**
 * OAuth2 client credentials: an access token fetched on first use and cached until shortly
 * before {@code expires_in} runs out, sent as a bearer token. A 401 on the token in use forgets
 * it, so the retry fetches a new one. Configured as a bean (tokenUrl, clientId, clientSecret).
 * A refused client (401/403, or OAuth2's {@code invalid_client}) fails with the reason
 * {@code credentials} after one request: retrying cannot cure it, and backing off is the caller's
 * job. A lifetime under 30 s counts as 30 s, so a provider answering {@code expires_in: 0} does
 * not cost a token request per page.
 */
public final class ClientCredentialsToken implements Credentials {

    private static final Duration EARLY = Duration.ofSeconds(60);
    static final long FLOOR_SECONDS = 30;

    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String scope;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private final Clock clock;
    private ApiClient client;
    private String token;
    private Instant expiresAt = Instant.EPOCH;

    public ClientCredentialsToken() {
        this(Clock.systemUTC());
    }

    ClientCredentialsToken(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String applyTo(HttpRequest.Builder request) {
        String t = get();
        request.header("Authorization", "Bearer " + t);
        return t;
    }

    /** Forgets {@code sent} unless a newer token already replaced it; a retry then fetches or uses the new one. */
    @Override
    public synchronized boolean rejected(String sent) {
        if (sent != null && sent.equals(token)) {
            token = null;
        }
        return true;
    }

    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(expiresAt)) {
            JsonNode body = fetch();
            String t = body.path("access_token").asText(null);
            if (t == null || t.isEmpty()) {
                throw new ApiException("Token endpoint answered without access_token", 200, null, null, null, Reason.UNREADABLE);
            }
            long expiresIn = Math.max(FLOOR_SECONDS, body.path("expires_in").asLong(3600));
            // Refresh a minute early, or at half-life for short tokens.
            Duration margin = Duration.ofSeconds(Math.min(EARLY.getSeconds(), expiresIn / 2));
            token = t;
            expiresAt = clock.instant().plusSeconds(expiresIn).minus(margin);
        }
        return token;
    }

    private JsonNode fetch() {
        String secret = BearerToken.required(clientSecret, "clientSecret");
        String form = "grant_type=client_credentials&client_id=" + enc(BearerToken.required(clientId, "clientId"))
                + "&client_secret=" + enc(secret) + (scope == null || scope.isBlank() ? "" : "&scope=" + enc(scope));
        if (client == null) {
            client = new ApiClient(requestTimeout).hiding(secret).hiding(enc(secret));
        }
        HttpRequest request = client.request(BearerToken.required(tokenUrl, "tokenUrl"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        byte[] answer;
        try {
            answer = client.send(request).body();
        } catch (ApiException e) {
            if (refusedClient(e)) {
                throw new ApiException("Token endpoint refused the client credentials: " + e.getMessage(), e.status(),
                        e.retryAfter().orElse(null), e, e.body(), Reason.CREDENTIALS);
            }
            throw e;
        }
        try {
            return Json.MAPPER.readTree(answer);
        } catch (java.io.IOException e) {
            throw new ApiException("Token endpoint answered unreadable JSON", 200, null, e, null, Reason.UNREADABLE);
        }
    }

    /** 401/403, or RFC 6749's 400 with invalid_client, unauthorized_client or invalid_grant: a human must fix it. */
    private static boolean refusedClient(ApiException e) {
        if (e.status() == 401 || e.status() == 403) {
            return true;
        }
        if (e.status() != 400 || e.body() == null) {
            return false;
        }
        try {
            String error = Json.MAPPER.readTree(e.body()).path("error").asText("");
            return error.equals("invalid_client") || error.equals("unauthorized_client") || error.equals("invalid_grant");
        } catch (java.io.IOException notJson) {
            return false;
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public void setTokenUrl(String tokenUrl) {
        this.tokenUrl = tokenUrl;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    /** Optional {@code scope} of the token request. */
    public void setScope(String scope) {
        this.scope = scope;
    }

    public void setRequestTimeout(String requestTimeout) {
        this.requestTimeout = Settings.parseDuration(requestTimeout);
    }
}
