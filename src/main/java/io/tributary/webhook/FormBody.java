package io.tributary.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.event.Json;
import io.tributary.webhook.WebhookRejectedException.Reason;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * A verified {@code application/x-www-form-urlencoded} body as the JSON object the mapping reads:
 * name to value in the order sent, a repeated name to an array of its values.
 * <p>
 * camel-platform-http-vertx 4.18 does not hand a form's bytes to the route (only the fields it
 * parsed), yet the signature covers the bytes. Vert.x's body handler still buffers them: the
 * request guard, the first handler of every request, keeps each form request's routing context
 * here until the request ends, so the intake reads the bytes exactly as sent.
 */
final class FormBody {

    private static final Map<HttpServerRequest, RoutingContext> OPEN = new ConcurrentHashMap<>();

    private FormBody() {
    }

    /** Called by {@link HttpRequestGuard} for a form request. */
    static void track(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        OPEN.put(request, ctx);
        ctx.addEndHandler(v -> OPEN.remove(request));
    }

    /** The form's bytes exactly as received, or null when the request was not tracked. */
    static byte[] raw(Exchange exchange) {
        if (exchange.getMessage() instanceof HttpMessage http) {
            RoutingContext ctx = OPEN.get(http.getRequest());
            if (ctx != null && ctx.body() != null && ctx.body().buffer() != null) {
                return ctx.body().buffer().getBytes();
            }
        }
        return null;
    }

    static byte[] toJson(byte[] raw) {
        Map<String, Object> fields = parse(raw);
        try {
            return Json.MAPPER.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(byte[] raw) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String text = new String(raw, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new WebhookRejectedException(Reason.MALFORMED_JSON, "empty form");
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            String value;
            try {
                name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new WebhookRejectedException(Reason.MALFORMED_JSON, "the form is not URL-encoded");
            }
            fields.merge(name, value, (old, added) -> {
                List<Object> all = old instanceof List<?> l ? (List<Object>) l : new ArrayList<>(List.of(old));
                all.add(added);
                return all;
            });
        }
        return fields;
    }

    /**
     * The HTTP server copies the form fields it parsed into the message headers: keep only the
     * request's real headers, so a field never poses as a header the verifier or the mapping reads.
     */
    static void dropFormHeaders(Exchange exchange) {
        if (!(exchange.getMessage() instanceof HttpMessage http)) {
            return;
        }
        for (String name : http.getRequest().formAttributes().names()) {
            String real = http.getRequest().getHeader(name);
            if (real == null) {
                exchange.getMessage().removeHeader(name);
            } else {
                exchange.getMessage().setHeader(name, real);
            }
        }
    }
}
