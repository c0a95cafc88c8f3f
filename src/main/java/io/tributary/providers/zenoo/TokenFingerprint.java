package io.tributary.providers.zenoo;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A pull token is a capability URL (whoever holds it can fetch the verification for up to 24 h), so
 * it never leaves Tributary's token store: ids, subjects, Kafka keys, logs and dead letters carry
 * this keyed fingerprint instead. Keyed, so a fingerprint cannot be checked against guessed tokens
 * by anyone without the key; truncated to 128 bits, plenty to tell tokens apart.
 */
final class TokenFingerprint {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEX_CHARS = 32;

    private final byte[] key;

    private TokenFingerprint(byte[] key) {
        this.key = key;
    }

    /** The configured key, or else one derived from the API key (stable across restarts and instances). */
    static TokenFingerprint of(String configuredKey, String apiKey) {
        if (configuredKey != null && !configuredKey.isBlank()) {
            return new TokenFingerprint(configuredKey.getBytes(StandardCharsets.UTF_8));
        }
        if (apiKey == null || apiKey.isBlank()) {
            return null;
        }
        return new TokenFingerprint(mac(apiKey.getBytes(StandardCharsets.UTF_8), "tributary zenoo token fingerprint"));
    }

    String of(String token) {
        return HexFormat.of().formatHex(mac(key, token)).substring(0, HEX_CHARS);
    }

    private static byte[] mac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
