package io.tributary.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.config.Props;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.Exchange;

/**
 * The one-time requests a provider sends to prove the endpoint is ours, declared in its route file
 * ({@code kind} plus a setting or two) and answered exactly as the provider documents; never
 * published, counted as {@code tributary_webhook_handshakes_total{provider,kind}}. The webhook
 * template calls {@link #beforeVerify} (handshakes with no signed body: a GET or a query) and
 * {@link #afterVerify} (handshakes the provider signs like its events); an answered handshake sets
 * {@code tributaryAnswered} and the route stops. With no kind (the template's {@code noHandshake}) both are no-ops.
 */
public class Handshake {

    /** Exchange property set once a handshake is answered: the template stops there. */
    public static final String ANSWERED = "tributaryAnswered";

    private HandshakeKind kind;
    private byte[] secret;
    private byte[] verifyToken;

    public void beforeVerify(Exchange exchange) {
        if (kind == null || kind.signed) {
            return;
        }
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "POST", String.class);
        Map<String, String> query = query(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class));
        switch (kind) {
            case META -> {
                if (method.equals("GET") && "subscribe".equals(query.get("hub.mode")) && query.containsKey("hub.challenge")) {
                    String token = query.getOrDefault("hub.verify_token", "");
                    if (verifyToken == null || !MessageDigest.isEqual(verifyToken, token.getBytes(StandardCharsets.UTF_8))) {
                        throw new WebhookRejectedException(Reason.BAD_VERIFY_TOKEN, "hub.verify_token is not tributary.<id>.verify-token");
                    }
                    answered(exchange, 200, "text/plain", query.get("hub.challenge"));
                }
            }
            case MICROSOFT_GRAPH -> {
                if (query.containsKey("validationToken")) { // decoded, as plain text, within 10 s
                    answered(exchange, 200, "text/plain", query.get("validationToken"));
                }
            }
            case OKTA -> {
                String challenge = exchange.getMessage().getHeader("x-okta-verification-challenge", String.class);
                if (method.equals("GET") && challenge != null) {
                    answered(exchange, 200, "application/json", json(Map.of("verification", challenge)));
                }
            }
            default -> throw new IllegalStateException(kind + " is answered after the signature");
        }
    }

    public void afterVerify(Exchange exchange) {
        if (kind == null || !kind.signed) {
            return;
        }
        JsonNode body;
        try {
            body = Json.read(exchange.getProperty(Props.RAW, byte[].class));
        } catch (RuntimeException notJson) {
            return; // not a handshake; the parse step answers 400
        }
        switch (kind) {
            case SLACK -> {
                if ("url_verification".equals(body.path("type").asText()) && body.hasNonNull("challenge")) {
                    answered(exchange, 200, "application/json", json(Map.of("challenge", body.get("challenge").asText())));
                }
            }
            case ZOOM -> {
                if ("endpoint.url_validation".equals(body.path("event").asText()) && body.path("payload").hasNonNull("plainToken")) {
                    String plain = body.path("payload").get("plainToken").asText();
                    Map<String, String> answer = new LinkedHashMap<>();
                    answer.put("plainToken", plain);
                    answer.put("encryptedToken", HexFormat.of().formatHex(Hmac.of(Hmac.SHA256, secret(), plain.getBytes(StandardCharsets.UTF_8))));
                    answered(exchange, 200, "application/json", json(answer));
                }
            }
            case DISCORD -> {
                if (body.path("type").isInt() && body.get("type").asInt() == 0) { // webhook events' PING: 204, no body, a content type
                    answered(exchange, 204, "application/json", null);
                }
            }
            case TWITCH -> {
                String type = exchange.getMessage().getHeader("Twitch-Eventsub-Message-Type", String.class);
                if ("webhook_callback_verification".equals(type) && body.hasNonNull("challenge")) {
                    answered(exchange, 200, "text/plain", body.get("challenge").asText());
                }
            }
            default -> throw new IllegalStateException(kind + " is answered before the signature");
        }
    }

    private void answered(Exchange exchange, int status, String contentType, String body) {
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        TributaryMetrics metrics = exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        if (metrics != null) {
            metrics.handshake(provider, kind.label());
        }
        WebhookIntake.answer(exchange, status, contentType, body);
        exchange.setProperty(ANSWERED, true);
    }

    private byte[] secret() {
        if (secret == null) {
            throw new IllegalStateException("The zoom handshake needs secret: the webhook's secret token");
        }
        return secret;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                // not a parameter any handshake reads
            }
        }
        return out;
    }

    private static String json(Map<String, String> fields) {
        try {
            return Json.MAPPER.writeValueAsString(fields);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** slack, zoom, discord, twitch (signed, after the signature), meta, microsoft-graph, okta (before it); none: no handshake. */
    public void setKind(String kind) {
        this.kind = kind == null || kind.isBlank() || kind.equals("none") ? null : HandshakeKind.of(kind);
    }

    /** Zoom: the webhook's secret token, which also keys its url_validation answer. */
    public void setSecret(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Meta: the token typed into the app's webhook settings (tributary.<id>.verify-token). */
    public void setVerifyToken(String verifyToken) {
        this.verifyToken = verifyToken == null || verifyToken.isEmpty() ? null : verifyToken.getBytes(StandardCharsets.UTF_8);
    }

    enum HandshakeKind {
        SLACK(true), ZOOM(true), DISCORD(true), TWITCH(true), META(false), MICROSOFT_GRAPH(false), OKTA(false);

        /** Signed like the provider's events: answered only after the signature passed. */
        final boolean signed;

        HandshakeKind(boolean signed) {
            this.signed = signed;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static HandshakeKind of(String text) {
            for (HandshakeKind k : values()) {
                if (k.label().equals(text.trim())) {
                    return k;
                }
            }
            throw new IllegalArgumentException("Unknown handshake kind '" + text + "' (slack, zoom, discord, twitch, meta, microsoft-graph, okta, none)");
        }
    }
}
