package io.tributary.webhook;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Batch;
import io.tributary.config.Props;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.spool.SpoolFullException;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The shared steps around a provider's verifier: refuse a content type the provider does not send
 * (JSON unless its route lists others) or a body too large before reading it, keep the raw bytes
 * for the verifier, check the JSON is well formed (or turn a form into a JSON object) only after
 * the signature passed, and write the answers. Every refusal is counted by reason ({@link RejectionLog}),
 * and summarised in the log rather than logged one line per request.
 */
public final class WebhookIntake {

    private static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "5";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A full spool drains at Kafka's pace: ask for a retry well after that, not at once. */
    static final String SPOOL_FULL_RETRY_AFTER_SECONDS = "60";

    /** Exchange property: the content types the provider sends (template parameter contentTypes). */
    public static final String CONTENT_TYPES = "tributaryContentTypes";
    /** Exchange property: a fixed answer body the provider requires, or {@code default}. */
    public static final String ANSWER = "tributaryAnswer";
    private static final String FORMAT = "tributaryBodyFormat";

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
        String method = m.getHeader(Exchange.HTTP_METHOD, String.class);
        if (method != null && !method.equals("POST")) { // a provider allows GET for its handshake only
            throw new WebhookRejectedException(Reason.METHOD_NOT_ALLOWED, method + " is not the provider's handshake");
        }
        String contentType = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        BodyFormat format = BodyFormat.of(contentType, exchange.getProperty(CONTENT_TYPES, String.class));
        if (format == null) {
            throw new WebhookRejectedException(Reason.UNSUPPORTED_MEDIA_TYPE, "content type " + contentType + " is not one the provider sends");
        }
        exchange.setProperty(FORMAT, format);
        if (format == BodyFormat.FORM) {
            FormBody.dropFormHeaders(exchange);
        }
        byte[] raw = format == BodyFormat.FORM ? FormBody.raw(exchange) : m.getBody(byte[].class);
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
        return BodyFormat.of(contentType, null) == BodyFormat.JSON;
    }

    /**
     * Runs after the signature check, so unverified bytes are never parsed: a JSON body must be well
     * formed; a form body becomes the JSON object the mapping reads (the raw form stays the signed bytes).
     */
    public void parse(Exchange exchange) {
        if (exchange.getProperty(FORMAT) == BodyFormat.FORM) {
            exchange.getMessage().setBody(FormBody.toJson(exchange.getProperty(Props.RAW, byte[].class)));
            return;
        }
        requireJson(exchange);
    }

    /** The JSON check alone, for the provider routes that are not (yet) built from the template. */
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
        String fixed = exchange.getProperty(ANSWER, String.class);
        if (fixed != null && !fixed.isEmpty() && !fixed.equals("default")) { // the provider requires this exact body (Adyen: [accepted])
            answer(exchange, 200, "text/plain", fixed);
            return;
        }
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
        answer(exchange, status, "application/json", body);
    }

    /** Writes an answer; a null body answers with no body (Discord's PING: 204). */
    static void answer(Exchange exchange, int status, String contentType, String body) {
        Message m = exchange.getMessage();
        // Request headers must not echo back into the response.
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, contentType);
        m.setBody(body);
    }
}
