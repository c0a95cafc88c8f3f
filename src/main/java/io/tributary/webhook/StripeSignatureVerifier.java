package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * Stripe's scheme: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...][,v0=...]}.
 * The signed content is {@code t + "." + raw body}, HMAC-SHA256 keyed with the endpoint secret
 * ({@code whsec_...}) as it is written, not decoded. While Stripe rolls a secret it sends one
 * {@code v1} per live secret, so any match is enough; {@code v0} (test-mode SHA-1) is ignored.
 * A {@code t} further than {@code tolerance} (300 s) from now is a replay: {@code stale}.
 */
public class StripeSignatureVerifier implements SignatureVerifier {

    static final String HEADER = "Stripe-Signature";

    private byte[] secret;
    private final ReplayWindow window = new ReplayWindow(Duration.ofSeconds(300));

    @Override
    public void verify(SignedRequest request) {
        String header = request.header(HEADER);
        if (header == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + HEADER + " header");
        }
        String timestamp = null;
        List<byte[]> v1 = new ArrayList<>();
        for (String item : header.split(",")) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item.trim() : item.substring(0, eq).trim();
            String value = eq < 0 ? "" : item.substring(eq + 1).trim();
            if (key.equals("t")) {
                timestamp = value;
            } else if (key.equals("v1")) {
                try {
                    v1.add(HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    // an unreadable entry cannot match; another may
                }
            }
        }
        if (timestamp == null || timestamp.isEmpty() || v1.isEmpty()) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, HEADER + " lacks t= or a hex v1=");
        }
        if (secret == null) {
            throw new IllegalStateException("No webhook secret configured");
        }
        byte[] expected = Hmac.of(Hmac.SHA256, secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8),
                request.body() == null ? new byte[0] : request.body());
        for (byte[] presented : v1) {
            if (MessageDigest.isEqual(expected, presented)) {
                window.check(HEADER, timestamp);
                return;
            }
        }
        throw new WebhookRejectedException(Reason.BAD_SIGNATURE, HEADER + " does not match the body");
    }

    @Override
    public List<String> headers() {
        return List.of(HEADER);
    }

    /** The endpoint's signing secret, {@code whsec_...}; never logged. */
    public void setSecret(String secret) {
        this.secret = secret == null || secret.isBlank() ? null : secret.trim().getBytes(StandardCharsets.UTF_8);
    }

    /** How far {@code t} may be from now, e.g. {@code 300s} (the default, as Stripe's libraries). */
    public void setTolerance(String tolerance) {
        window.setTolerance(tolerance);
    }

    public void setClock(Clock clock) {
        window.setClock(clock);
    }
}
