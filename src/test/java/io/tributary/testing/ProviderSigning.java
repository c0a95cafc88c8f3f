package io.tributary.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs test requests the way each provider documents it (shared/providers/README.md), written
 * again with javax.crypto on purpose: a test that signed with the verifier's own code, or read its
 * encoding and signed content from the route file, would pass whatever the route file says.
 * {@code ProviderSigningTest} pins these against vectors computed outside the JVM.
 */
public final class ProviderSigning {

    private ProviderSigning() {
    }

    /** HMAC-SHA256 of {@code head} (UTF-8) then {@code body}. */
    public static byte[] hmacSha256(byte[] key, String head, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(head.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Thirdfort: {@code x-thirdfort-signature = b64(HMAC(secret, body))}. */
    public static String thirdfort(String secret, byte[] body) {
        return Base64.getEncoder().encodeToString(hmacSha256(utf8(secret), "", body));
    }

    public static String thirdfort(String secret, String body) {
        return thirdfort(secret, utf8(body));
    }

    /** Alcmeon: {@code X-Alcmeon-Webhook-Signature = hex(HMAC(secret, path + " " + body))}, path without the query. */
    public static String alcmeon(String secret, String path, byte[] body) {
        return HexFormat.of().formatHex(hmacSha256(utf8(secret), path + " ", body));
    }

    public static String alcmeon(String secret, String path, String body) {
        return alcmeon(secret, path, utf8(body));
    }

    /** Polytomic (algorithm and encoding undocumented; Tributary's default): {@code Polytomic-Signature = hex(HMAC(secret, body))}. */
    public static String polytomic(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmacSha256(utf8(secret), "", body));
    }

    public static String polytomic(String secret, String body) {
        return polytomic(secret, utf8(body));
    }

    /** Zenoo: {@code X-Zenoo-Signature = "sha256=" + hex(HMAC(secret, body))}. */
    public static String zenoo(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(utf8(secret), "", body));
    }

    /** Oracle STS Gen2: {@code Digest = b64(HMAC(b64decode(hmacKey), body))}; {@code key} is the decoded key. */
    public static String stsGen2(byte[] key, byte[] body) {
        return Base64.getEncoder().encodeToString(hmacSha256(key, "", body));
    }
}
