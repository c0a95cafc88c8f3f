package io.tributary.http;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import io.tributary.http.ApiException.Reason;

/**
 * A thin JDK HTTP client for provider APIs. Every call has one deadline for the whole exchange,
 * connecting to the last byte of the body, and is cancelled (its connection closed) when it
 * passes: a body that trickles or never comes cannot park a poller. Every answer is read against
 * a maximum size. Every non-2xx answer becomes an {@link ApiException} that says whether it is
 * worth retrying, when, and what the provider said (its first 512 bytes, secrets stripped).
 */
public final class ApiClient {

    /** The limit of calls that are not pages of items: tokens, registrations, pulls. */
    public static final long DEFAULT_MAX_BYTES = ByteSize.MIB;

    private final HttpClient http;
    private final Duration timeout;
    private final long maxBytes;
    private final String limitSetting;
    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    public ApiClient(Duration timeout) {
        this(timeout, null);
    }

    /** With a cookie jar, for the few APIs that keep a session in cookies (an OpenID sign-in). */
    public ApiClient(Duration timeout, CookieHandler cookies) {
        this(timeout, DEFAULT_MAX_BYTES, null, cookies);
    }

    /** @param limitSetting the setting that raises {@code maxBytes}, named in the too-large error; may be null */
    public ApiClient(Duration timeout, long maxBytes, String limitSetting) {
        this(timeout, maxBytes, limitSetting, null);
    }

    private ApiClient(Duration timeout, long maxBytes, String limitSetting, CookieHandler cookies) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.limitSetting = limitSetting;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        this.http = (cookies == null ? b : b.cookieHandler(cookies)).build();
    }

    /** A value never to show in an error message (a client secret the provider might echo). */
    public ApiClient hiding(String secret) {
        if (secret != null && !secret.isBlank()) {
            secrets.add(secret);
        }
        return this;
    }

    public HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Sends and returns the body of a 2xx answer (204 gives an empty body). */
    public HttpResponse<byte[]> send(HttpRequest request) {
        String call = request.method() + " " + safe(request.uri());
        AtomicReference<LimitedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, LimitedBody.handler(maxBytes, body::set));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(exchange, body.get());
            throw new ApiException(call + " did not complete within " + show(timeout), 0, null,
                    new HttpTimeoutException("deadline " + timeout), null, Reason.TIMEOUT);
        } catch (ExecutionException e) {
            throw failed(call, e.getCause());
        } catch (InterruptedException e) {
            abort(exchange, body.get());
            Thread.currentThread().interrupt();
            throw new ApiException("Interrupted calling " + safe(request.uri()), 0, null, e, null, Reason.CONNECTION);
        }
        int status = response.statusCode();
        if (status / 100 != 2) {
            Duration retryAfter = response.headers().firstValue("Retry-After").map(ApiClient::parseRetryAfter).orElse(null);
            throw new ApiException(call + " answered " + status + ErrorExcerpt.of(response.body(), secretsOf(request)),
                    status, retryAfter, null, response.body());
        }
        return response;
    }

    /**
     * cancel(true) closes the connection on JDK 16+ (ApiClientTest's servers see it closed on 17.0.15
     * with it alone); cancelling the body's subscription too keeps that true should the future
     * ever be detached from the exchange.
     */
    private static void abort(CompletableFuture<?> exchange, LimitedBody body) {
        exchange.cancel(true);
        if (body != null) {
            body.abort();
        }
    }

    private ApiException failed(String call, Throwable cause) {
        if (cause instanceof LimitedBody.TooLarge tooLarge) {
            String setting = limitSetting == null ? "" : " (" + limitSetting + ")";
            return new ApiException(call + " answered more than " + ByteSize.show(maxBytes) + setting, tooLarge.status, null,
                    cause, null, Reason.TOO_LARGE);
        }
        if (cause instanceof HttpTimeoutException) { // the connect timeout, or the headers' timeout a moment before ours
            return new ApiException(call + " did not complete within " + show(timeout), 0, null, cause, null, Reason.TIMEOUT);
        }
        // Refused, reset, closed early: worth retrying.
        return new ApiException(call + " failed: " + cause, 0, null, cause, null,
                cause instanceof IOException ? Reason.CONNECTION : null);
    }

    /** What the request carried that an error answer might echo: the Authorization value and the registered secrets. */
    private List<String> secretsOf(HttpRequest request) {
        List<String> all = new java.util.ArrayList<>(secrets);
        request.headers().firstValue("Authorization").ifPresent(v -> {
            all.add(v);
            int space = v.indexOf(' ');
            if (space > 0) {
                all.add(v.substring(space + 1));
            }
        });
        return all;
    }

    /** 30s, 2m, 500ms. */
    static String show(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        return s >= 60 && s % 60 == 0 ? s / 60 + "m" : s + "s";
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
