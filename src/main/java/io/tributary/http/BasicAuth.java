package io.tributary.http;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code Authorization: Basic base64(username:password)} (Alcmeon: the instance id and the application secret). */
public final class BasicAuth implements Credentials {

    private String username;
    private String password;

    @Override
    public String applyTo(HttpRequest.Builder request) {
        String pair = BearerToken.required(username, "username") + ":" + BearerToken.required(password, "password");
        request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public void setPassword(String password) {
        this.password = password;
    }
}
