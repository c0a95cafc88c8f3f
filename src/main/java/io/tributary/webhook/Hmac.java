package io.tributary.webhook;

import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An HMAC over several parts fed in order, so {@code id.timestamp.body} is signed without copying
 * the body: the one computation behind every verifier.
 */
final class Hmac {

    static final String SHA256 = "HmacSHA256";

    private Hmac() {
    }

    static byte[] of(String algorithm, byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC algorithm " + algorithm + " is not available", e);
        }
    }
}
