package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * Standard Webhooks v1 (standardwebhooks.com; Svix, Clerk and others send it):
 * <ul>
 * <li>headers {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}, or with
 * {@code headerPrefix: svix-} the {@code svix-} names;</li>
 * <li>the signed content is {@code id + "." + timestamp + "." + raw body}, HMAC-SHA256 with the
 * base64-decoded {@code whsec_} secret;</li>
 * <li>the signature header holds space-separated {@code v1,<base64>} entries (several during a
 * key rotation): any one matching is enough; entries of other versions are ignored;</li>
 * <li>a timestamp further than {@code tolerance} (5 min) from now is a replay: {@code stale}.</li>
 * </ul>
 * Several secrets may be configured (space or comma separated) so ours can rotate too.
 */
public class StandardWebhooksVerifier implements SignatureVerifier {

    private static final String SECRET_PREFIX = "whsec_";

    private String headerPrefix = "webhook-";
    private final List<byte[]> secrets = new ArrayList<>();
    private final ReplayWindow window = new ReplayWindow(Duration.ofMinutes(5));

    @Override
    public void verify(SignedRequest request) {
        String id = required(request, "id");
        String timestamp = required(request, "timestamp");
        String signatures = required(request, "signature");
        if (secrets.isEmpty()) {
            throw new IllegalStateException("No webhook secret configured");
        }
        byte[] head = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] body = request.body() == null ? new byte[0] : request.body();
        List<byte[]> expected = secrets.stream().map(s -> Hmac.of(Hmac.SHA256, s, head, body)).toList();
        boolean readable = false;
        for (String entry : signatures.split(" ")) {
            byte[] presented = v1(entry);
            if (presented == null) {
                continue;
            }
            readable = true;
            for (byte[] mac : expected) {
                if (MessageDigest.isEqual(mac, presented)) {
                    window.check(headerPrefix + "timestamp", timestamp);
                    return;
                }
            }
        }
        throw new WebhookRejectedException(readable ? Reason.BAD_SIGNATURE : Reason.MALFORMED_SIGNATURE,
                headerPrefix + "signature " + (readable ? "does not match the body" : "has no v1,<base64> entry"));
    }

    /** The MAC of a {@code v1,<base64>} entry, or null for another version or an unreadable entry. */
    private static byte[] v1(String entry) {
        if (!entry.startsWith("v1,")) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(entry.substring(3));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String required(SignedRequest request, String name) {
        String v = request.header(headerPrefix + name);
        if (v == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + headerPrefix + name + " header");
        }
        return v;
    }

    @Override
    public List<String> headers() {
        return List.of(headerPrefix + "id", headerPrefix + "timestamp", headerPrefix + "signature");
    }

    /** {@code webhook-} (the standard) or {@code svix-} (Svix and Clerk). */
    public void setHeaderPrefix(String headerPrefix) {
        if (!headerPrefix.matches("[A-Za-z0-9]+-")) {
            throw new IllegalArgumentException("headerPrefix must look like webhook- or svix-, got '" + headerPrefix + "'");
        }
        this.headerPrefix = headerPrefix;
    }

    /** One or more {@code whsec_<base64>} secrets, space or comma separated; the values are never logged. */
    public void setSecret(String spec) {
        secrets.clear();
        if (spec == null || spec.isBlank()) {
            return;
        }
        int n = 0;
        for (String s : spec.trim().split("[\\s,]+")) {
            n++;
            String b64 = s.startsWith(SECRET_PREFIX) ? s.substring(SECRET_PREFIX.length()) : s;
            try {
                secrets.add(Base64.getDecoder().decode(b64));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Standard Webhooks secret #" + n + " is not whsec_ followed by base64");
            }
        }
    }

    /** How far a signed timestamp may be from now, e.g. {@code 5m} (the default). */
    public void setTolerance(String tolerance) {
        window.setTolerance(tolerance);
    }

    public void setClock(Clock clock) {
        window.setClock(clock);
    }
}
