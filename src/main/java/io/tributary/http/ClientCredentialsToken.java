package io.tributary.http;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.Json;
import io.tributary.core.Settings;

/**
 * OAuth2 client credentials: an access token fetched on first use and cached until shortly
 * before {@code expires_in} runs out, sent as a bearer token. A 401 on the token in use forgets
 * it, so the retry fetches a new one. Configured as a bean (tokenUrl, clientId, clientSecret).
 */
public final class ClientCredentialsToken implements Credentials {

    private static final Duration EARLY = Duration.ofSeconds(60);

    private String tokenUrl;
    private String clientId;
    private String clientSecret;
    private String scope;
    private Duration requestTimeout = Duration.ofSeconds(30);
    private final Clock clock = Clock.systemUTC();
    private ApiClient client;
    private String token;
    private Instant expiresAt = Instant.EPOCH;

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
            String form = "grant_type=client_credentials&client_id=" + enc(BearerToken.required(clientId, "clientId"))
                    + "&client_secret=" + enc(BearerToken.required(clientSecret, "clientSecret"))
                    + (scope == null || scope.isBlank() ? "" : "&scope=" + enc(scope));
            if (client == null) {
                client = new ApiClient(requestTimeout);
            }
            HttpRequest request = client.request(BearerToken.required(tokenUrl, "tokenUrl"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(client.send(request).body());
            } catch (java.io.IOException e) {
                throw new ApiException("Token endpoint answered unreadable JSON", 0, null, e);
            }
            String t = body.path("access_token").asText(null);
            if (t == null || t.isEmpty()) {
                throw new ApiException("Token endpoint answered without access_token", 0, null, null);
            }
            long expiresIn = body.path("expires_in").asLong(3600);
            // Refresh a minute early, or at half-life for very short tokens.
            Duration margin = Duration.ofSeconds(Math.min(EARLY.getSeconds(), expiresIn / 2));
            token = t;
            expiresAt = clock.instant().plusSeconds(expiresIn).minus(margin);
        }
        return token;
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
