package io.tributary.http;

import java.net.http.HttpRequest;

/** A key in a header of the provider's choosing, e.g. {@code X-API-KEY: <key>}. */
public final class ApiKeyHeader implements Credentials {

    private String header = "X-API-Key";
    private String key;

    @Override
    public String applyTo(HttpRequest.Builder request) {
        request.header(header, BearerToken.required(key, "key"));
        return key;
    }

    public void setHeader(String header) {
        this.header = header;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
