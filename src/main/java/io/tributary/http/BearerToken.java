package io.tributary.http;

import java.net.http.HttpRequest;

/** A fixed token sent as {@code Authorization: Bearer <token>} (an API key, e.g. Polytomic's or Stripe's). */
public final class BearerToken implements Credentials {

    private String token;

    @Override
    public String applyTo(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + required(token, "token"));
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the credentials' " + name + " is not set");
        }
        return value;
    }
}
