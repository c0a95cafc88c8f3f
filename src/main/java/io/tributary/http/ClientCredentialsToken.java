package io.tributary.http;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An OAuth2 client-credentials access token, fetched on first use and cached until shortly
 * before {@code expires_in} runs out. {@link #invalidate()} forces a new one after a 401.
 */
public final class ClientCredentialsToken {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final ApiClient client;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.EPOCH;
    private int fetched;

    public ClientCredentialsToken(ApiClient client, String tokenUrl, String clientId, String clientSecret, Clock clock) {
        this.client = client;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    public synchronized String get() {
        if (token == null || !clock.instant().isBefore(expiresAt)) {
            String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret);
            HttpRequest request = client.request(tokenUrl)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            try {
                JsonNode body = JSON.readTree(client.send(request).body());
                String t = body.path("access_token").asText(null);
                if (t == null || t.isEmpty()) {
                    throw new ApiException("Token endpoint answered without access_token", 0, null, null);
                }
                long expiresIn = body.path("expires_in").asLong(3600);
                // Refresh a minute early, or at half-life for very short tokens.
                Duration margin = Duration.ofSeconds(Math.min(EARLY.getSeconds(), expiresIn / 2));
                token = t;
                expiresAt = clock.instant().plusSeconds(expiresIn).minus(margin);
                fetched++;
            } catch (java.io.IOException e) {
                throw new ApiException("Token endpoint answered unreadable JSON", 0, null, e);
            }
        }
        return token;
    }

    public synchronized void invalidate() {
        token = null;
    }

    /** How many tokens were fetched; for tests and metrics. */
    public synchronized int fetched() {
        return fetched;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
