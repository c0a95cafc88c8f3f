package io.tributary.webhook;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.Batch;
import io.tributary.core.Props;
import io.tributary.core.TributaryMetrics;
import io.tributary.spool.SpoolFullException;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The shared steps around a provider's verifier: refuse what is not JSON or too large before
 * reading it, keep the raw bytes for the verifier, check the JSON is well formed only after the
 * signature passed, and write the answers. Every refusal is counted by reason ({@link RejectionLog}),
 * and summarised in the log rather than logged one line per request.
 */
public final class WebhookIntake {

    private static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "5";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A full spool drains at Kafka's pace: ask for a retry well after that, not at once. */
    static final String SPOOL_FULL_RETRY_AFTER_SECONDS = "60";

    private final TributaryMetrics metrics;
    private final long maxBodyBytes;
    private final RejectionLog rejections;

    public WebhookIntake(TributaryMetrics metrics, long maxBodyBytes) {
        this.metrics = metrics;
        this.maxBodyBytes = maxBodyBytes;
        this.rejections = new RejectionLog(metrics, Duration.ofMinutes(1));
    }

    /** Counts refusals of the HTTP server itself (413, timeouts, connections) with the webhooks' own. */
    public RejectionLog rejections() {
        return rejections;
    }

    public void accept(Exchange exchange) {
        Message m = exchange.getMessage();
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (!isJson(contentType)) {
            throw new WebhookRejectedException(Reason.UNSUPPORTED_MEDIA_TYPE, "content type " + contentType + " is not JSON");
        }
        byte[] raw = m.getBody(byte[].class);
        if (raw == null) {
            raw = new byte[0];
        }
        if (raw.length > maxBodyBytes) {
            throw new WebhookRejectedException(Reason.TOO_LARGE, raw.length + " bytes exceed " + maxBodyBytes);
        }
        exchange.setProperty(Props.RAW, raw);
        exchange.setProperty(Props.CHANNEL, "webhook");
        exchange.setProperty(Props.RECEIVED_AT, java.time.Instant.now());
        m.setBody(raw);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }

    /** Runs after the signature check: unverified bytes are never parsed. */
    public void requireJson(Exchange exchange) {
        byte[] raw = exchange.getProperty(Props.RAW, byte[].class);
        try (JsonParser p = JSON.createParser(raw)) {
            if (p.nextToken() == null) {
                throw new WebhookRejectedException(Reason.MALFORMED_JSON, "empty body");
            }
            p.skipChildren();
            if (p.nextToken() != null) {
                throw new WebhookRejectedException(Reason.MALFORMED_JSON, "trailing content after the JSON value");
            }
        } catch (IOException e) {
            throw new WebhookRejectedException(Reason.MALFORMED_JSON, "body is not valid JSON");
        }
    }

    /** The delivery's events are acknowledged by Kafka (or were duplicates, or dead-lettered). */
    public void respond(Exchange exchange) {
        answer(exchange, 200, Batch.DEAD_LETTERED.matches(exchange) ? "{\"status\":\"dead-lettered\"}" : "{\"status\":\"accepted\"}");
    }

    public void reject(Exchange exchange) {
        WebhookRejectedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WebhookRejectedException.class);
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        rejections.rejected(provider, e.reason().label(), e.getMessage());
        answer(exchange, e.reason().status, "{\"error\":\"" + e.reason().label() + "\"}");
    }

    /** Kafka did not acknowledge the inbox write: 503 makes providers that retry, retry. */
    public void unavailable(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        boolean spoolFull = e instanceof SpoolFullException;
        rejections.rejected(provider, spoolFull ? "spool_full" : "unavailable", e == null ? "?" : e.toString());
        answer(exchange, 503, spoolFull ? "{\"error\":\"spool_full\"}" : "{\"error\":\"unavailable\"}");
        // A hint for providers that honour it: a spool drains slowly, a Kafka hiccup passes fast.
        exchange.getMessage().setHeader("Retry-After", spoolFull ? SPOOL_FULL_RETRY_AFTER_SECONDS : UNAVAILABLE_RETRY_AFTER_SECONDS);
    }

    private static void answer(Exchange exchange, int status, String body) {
        Message m = exchange.getMessage();
        // Request headers must not echo back into the response.
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(body);
    }
}
