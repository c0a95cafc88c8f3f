package io.tributary.webhook;

import java.time.Duration;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The first handler of every webhook request, ahead of Vert.x's body handler: a body announced
 * larger than {@code tributary.http.max-body-size} is refused 413 before it is read (Vert.x would
 * answer that itself, before any route runs, uncounted), and a request not answered within
 * {@code tributary.http.request-timeout} gets 503 so a slow Kafka cannot hold clients for long.
 * Every answer is timed from its headers to its end ({@code tributary.webhook.latency}), on the
 * server, where a provider's deadline (Alcmeon's 1 s) is ours to keep.
 * A chunked body that grows past the limit is still cut by Vert.x; its 413 is counted by the
 * failure handler installed with this one (instead of Vert.x logging each as an error).
 */
final class HttpRequestGuard {

    private final long maxBodyBytes;
    private final Duration requestTimeout;
    private final RejectionLog rejections;

    HttpRequestGuard(long maxBodyBytes, Duration requestTimeout, RejectionLog rejections) {
        this.maxBodyBytes = maxBodyBytes;
        this.requestTimeout = requestTimeout;
        this.rejections = rejections;
    }

    void install(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle).failureHandler(ctx -> {
            if (ctx.statusCode() == 413) {
                refuse(ctx, 413, "too_large"); // a chunked body cut by Vert.x's body handler
            } else {
                ctx.next();
            }
        });
    }

    private void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            refuse(ctx, 413, "too_large");
            return;
        }
        long started = System.nanoTime();
        long timer = ctx.vertx().setTimer(requestTimeout.toMillis(), id -> {
            if (!ctx.response().headWritten()) {
                refuse(ctx, 503, "timeout");
            }
        });
        ctx.addEndHandler(v -> {
            ctx.vertx().cancelTimer(timer);
            rejections.metrics().answered(provider(ctx.request().path()), System.nanoTime() - started);
        });
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(BodyFormat.FORM_TYPE)) {
            FormBody.track(ctx); // the route needs the form's bytes, which Camel does not pass on
        }
        ctx.next();
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }

    private void refuse(RoutingContext ctx, int status, String reason) {
        rejections.rejected(provider(ctx.request().path()), reason);
        HttpServerResponse r = ctx.response();
        if (!r.headWritten()) {
            // The unread body would otherwise be parsed as the next request of the connection.
            r.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close").end("{\"error\":\"" + reason + "\"}");
        }
    }

    /** {@code /webhooks/<provider>} → the provider; anything else is counted as {@code http}. */
    static String provider(String path) {
        String prefix = "/webhooks/";
        if (path == null || !path.startsWith(prefix)) {
            return "http";
        }
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        String p = slash < 0 ? rest : rest.substring(0, slash);
        return providerId(p) ? p : "http";
    }

    /** {@code [a-z0-9-]{1,40}}, without a regex: this runs for every request. */
    private static boolean providerId(String p) {
        if (p.isEmpty() || p.length() > 40) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
