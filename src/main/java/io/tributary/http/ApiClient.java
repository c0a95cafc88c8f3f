package io.tributary.http;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A thin JDK HTTP client for provider APIs: bounded timeouts, and every non-2xx answer turned
 * into an {@link ApiException} that says whether it is worth retrying and when.
 */
public final class ApiClient {

    private final HttpClient http;
    private final Duration timeout;

    public ApiClient(Duration timeout) {
        this(timeout, null);
    }

    /** With a cookie jar, for the few APIs that keep a session in cookies (an OpenID sign-in). */
    public ApiClient(Duration timeout, CookieHandler cookies) {
        this.timeout = timeout;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        this.http = (cookies == null ? b : b.cookieHandler(cookies)).build();
    }

    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    }

    /** Sends and returns the body of a 2xx answer (204 gives an empty body). */
    public HttpResponse<byte[]> send(HttpRequest request) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            // Covers HttpTimeoutException and refused connections: worth retrying.
            throw new ApiException(request.method() + " " + safe(request.uri()) + " failed: " + e, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted calling " + safe(request.uri()), 0, null, e);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(ApiClient::parseRetryAfter).orElse(null);
            throw new ApiException(request.method() + " " + safe(request.uri()) + " answered " + status, status, retryAfter, null, response.body());
        }
        return response;
    }

    /** Retry-After is either delay-seconds or an HTTP-date. */
    static Duration parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    /** URLs are logged without their query string, which may carry tokens. */
    static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
