package io.tributary.webhook;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a {@link SignatureScheme} checks a presented signature against the signed content, with the
 * JDK's own providers: HMAC (SHA-1, SHA-256, SHA-512), Ed25519, ECDSA P-256 with SHA-256 (DER
 * signatures), or {@code token}: the presented value is the shared secret itself. Each configured
 * key becomes a {@link Check}; HMAC keeps one initialised {@code Mac} per thread and key.
 */
enum SchemeAlgorithm {
    HMAC_SHA1("HmacSHA1"), HMAC_SHA256("HmacSHA256"), HMAC_SHA512("HmacSHA512"),
    ED25519("Ed25519"), ECDSA_P256_SHA256("SHA256withECDSA"), TOKEN("");

    /** One key, ready to check: true when any presented signature matches the content. */
    interface Check {
        boolean matchesAny(List<byte[]> content, List<byte[]> presented);
    }

    // The DER header of an X.509 SubjectPublicKeyInfo for a raw 32-byte Ed25519 key (RFC 8410).
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    final String jdkName;

    SchemeAlgorithm(String jdkName) {
        this.jdkName = jdkName;
    }

    /** {@code hmac-sha256}, {@code ed25519}, {@code ecdsa-p256-sha256}, {@code token}, ... */
    static SchemeAlgorithm of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown algorithm '" + name
                    + "' (hmac-sha1, hmac-sha256, hmac-sha512, ed25519, ecdsa-p256-sha256, token)");
        }
    }

    boolean publicKey() {
        return this == ED25519 || this == ECDSA_P256_SHA256;
    }

    /** @param key secret bytes (HMAC, token) or the public key as configured (text) */
    Check check(byte[] secret, String publicKey) {
        return switch (this) {
            case HMAC_SHA1, HMAC_SHA256, HMAC_SHA512 -> hmac(secret);
            case TOKEN -> (content, presented) -> presented.stream().anyMatch(p -> MessageDigest.isEqual(secret, p));
            case ED25519, ECDSA_P256_SHA256 -> signature(parsePublicKey(publicKey));
        };
    }

    private Check hmac(byte[] secret) {
        SecretKeySpec spec = new SecretKeySpec(secret, jdkName);
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(jdkName);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(jdkName + " is not available", e);
            }
        });
        macs.get(); // fail at start, not on the first delivery
        return (content, presented) -> {
            Mac mac = macs.get();
            content.forEach(mac::update);
            byte[] expected = mac.doFinal();
            boolean match = false;
            for (byte[] p : presented) {
                match |= MessageDigest.isEqual(expected, p);
            }
            return match;
        };
    }

    private Check signature(PublicKey key) {
        return (content, presented) -> {
            for (byte[] p : presented) {
                try {
                    Signature s = Signature.getInstance(jdkName);
                    s.initVerify(key);
                    content.forEach(part -> {
                        try {
                            s.update(part);
                        } catch (SignatureException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (s.verify(p)) {
                        return true;
                    }
                } catch (SignatureException e) {
                    // not a well-formed signature for this key: another may be
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(jdkName + " is not available", e);
                }
            }
            return false;
        };
    }

    /**
     * Ed25519: 64 hex digits or base64 of the raw 32 bytes (Discord, Standard Webhooks' {@code whpk_}),
     * or base64 of an X.509 SubjectPublicKeyInfo; ECDSA: base64 SubjectPublicKeyInfo (SendGrid).
     */
    PublicKey parsePublicKey(String text) {
        String t = text.trim();
        byte[] bytes;
        if (this == ED25519 && t.matches("[0-9a-fA-F]{64}")) {
            bytes = HexFormat.of().parseHex(t.toLowerCase(Locale.ROOT));
        } else {
            try {
                bytes = Base64.getMimeDecoder().decode(t.replaceAll("-----[A-Z ]+-----", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the public key is neither hex nor base64");
            }
        }
        if (this == ED25519 && bytes.length == 32) {
            byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(bytes, 0, spki, ED25519_SPKI_PREFIX.length, 32);
            bytes = spki;
        }
        try {
            PublicKey key = KeyFactory.getInstance(this == ED25519 ? "Ed25519" : "EC").generatePublic(new X509EncodedKeySpec(bytes));
            if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
                throw new IllegalArgumentException("the public key is not on P-256");
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the public key is not a valid " + (this == ED25519 ? "Ed25519" : "EC P-256") + " key");
        }
    }
}
