package io.tributary.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one way provider calls treat answers: a 401 or 403 renews the credentials and tries once
 * more (a token revoked or expired early; some APIs answer 403 to an expired token); one that
 * persists fails with the reason {@code credentials}, which needs a human; a 429 fails with how long to wait, the longer of the
 * Retry-After header and a "limited until" in the body, so the caller's {@code Backoff} never
 * retries sooner. Every other failure is the {@link ApiException} of {@link ApiClient}.
 */
public final class ResponsePolicy {

    private final ApiClient client;
    private final Credentials credentials;
    private final LimitedUntil limitedUntil;
    private final Clock clock;

    /** @param limitedUntil how a 429 body says when the limit lifts; null when only Retry-After does */
    public ResponsePolicy(ApiClient client, Credentials credentials, LimitedUntil limitedUntil, Clock clock) {
        this.client = client;
        this.credentials = credentials;
        this.limitedUntil = limitedUntil;
        this.clock = clock;
    }

    public ResponsePolicy(ApiClient client, Credentials credentials) {
        this(client, credentials, null, Clock.systemUTC());
    }

    /** Sends the request, built afresh for each try so a renewed credential replaces the old one. */
    public HttpResponse<byte[]> send(Supplier<HttpRequest.Builder> request) {
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = request.get();
            String sent = credentials == null ? null : credentials.applyTo(b);
            try {
                return client.send(b.build());
            } catch (ApiException e) {
                if ((e.status() == 401 || e.status() == 403) && attempt == 1 && credentials != null && credentials.rejected(sent)) {
                    continue;
                }
                throw e.status() == 429 ? limited(e) : e;
            }
        }
    }

    private ApiException limited(ApiException e) {
        Optional<Duration> inBody = limitedUntil == null ? Optional.empty()
                : limitedUntil.in(e.body()).map(until -> Duration.between(clock.instant(), until)).map(d -> d.isNegative() ? Duration.ZERO : d);
        Optional<Duration> wait = longer(e.retryAfter(), inBody);
        if (wait.equals(e.retryAfter())) {
            return e;
        }
        return new ApiException(e.getMessage(), e.status(), wait.orElse(null), e, e.body());
    }

    private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }
}
