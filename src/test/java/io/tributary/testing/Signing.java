package io.tributary.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.tributary.webhook.HmacSignatureVerifier;

/** Signs webhook bodies the way providers do, for route and integration tests. */
public final class Signing {

    private static final HmacSignatureVerifier HMAC = new HmacSignatureVerifier();

    private Signing() {
    }

    public static String base64Hmac(String secret, byte[] message) {
        return Base64.getEncoder().encodeToString(HMAC.mac(secret.getBytes(StandardCharsets.UTF_8), message));
    }
}
