package io.tributary.webhook;

import java.util.Map;
import java.util.TreeMap;

import io.tributary.config.Props;
import org.apache.camel.Exchange;

/**
 * What a signature is computed over: the raw body bytes exactly as received, the request headers
 * (looked up case-insensitively) and the request path without its query string.
 */
public record SignedRequest(byte[] body, Map<String, String> headers, String path) {

    public SignedRequest {
        TreeMap<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ci.putAll(headers);
        headers = ci;
    }

    public String header(String name) {
        String v = headers.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The HTTP method (Camel's {@code CamelHttpMethod} header), or null. */
    public String method() {
        return header(Exchange.HTTP_METHOD);
    }

    /** The raw query string without {@code ?} (Camel's {@code CamelHttpQuery} header), or null. */
    public String query() {
        return header(Exchange.HTTP_QUERY);
    }

    public static SignedRequest from(Exchange exchange) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v != null) {
                headers.put(k, v.toString());
            }
        });
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String requestPath = uri != null ? uri : path;
        if (requestPath != null && requestPath.indexOf('?') >= 0) {
            requestPath = requestPath.substring(0, requestPath.indexOf('?'));
        }
        return new SignedRequest(exchange.getProperty(Props.RAW, byte[].class), headers, requestPath);
    }
}
