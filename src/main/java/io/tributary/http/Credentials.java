package io.tributary.http;

import java.net.http.HttpRequest;

/**
 * How a provider call says who is calling: a header on each request, and whether an answer 401
 * is worth one more try with fresh credentials. Configured as a bean in a route file (bearer,
 * basic, API-key header, OAuth2 client credentials) or adapted from a provider's own token source.
 */
public interface Credentials {

    /** Adds the credentials to {@code request}; returns what was sent, which {@link #rejected} gets back. */
    String applyTo(HttpRequest.Builder request);

    /**
     * The API answered 401 to {@code sent}: forget it if it can be renewed.
     *
     * @return whether one retry with {@link #applyTo} may succeed (never for a fixed key)
     */
    default boolean rejected(String sent) {
        return false;
    }
}
