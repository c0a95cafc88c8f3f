package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * HMAC signatures as the seed providers use them, configured per provider from its route file:
 * <ul>
 * <li>{@code header}: the header holding the signature;</li>
 * <li>{@code secret}: one shared secret (UTF-8 bytes), or {@code keys}: {@code id=base64Key,...}
 * selected by the {@code keyIdHeader}, so keys can be rotated;</li>
 * <li>{@code algorithm} ({@code HmacSHA256}), {@code encoding} ({@code hex} or {@code base64}) and an
 * optional {@code prefix} such as {@code sha256=};</li>
 * <li>{@code signedContent}: {@code body}, or {@code path-body} for {@code path + " " + body};
 * {@code signedPath} overrides the path when a proxy rewrites it.</li>
 * </ul>
 * The computed and presented MACs are compared as bytes in constant time.
 */
public class HmacSignatureVerifier implements SignatureVerifier {

    private String header;
    private String algorithm = Hmac.SHA256;
    private String encoding = "hex";
    private String prefix = "";
    private String signedContent = "body";
    private String signedPath;
    private String keyIdHeader;
    private byte[] secret;
    private final Map<String, byte[]> keys = new LinkedHashMap<>();

    @Override
    public void verify(SignedRequest request) {
        String presented = request.header(header);
        if (presented == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + header + " header");
        }
        byte[] key = key(request);
        byte[] expected = mac(key, signedBytes(request));
        byte[] actual = decode(presented);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new WebhookRejectedException(Reason.BAD_SIGNATURE, header + " does not match the body");
        }
    }

    @Override
    public List<String> headers() {
        if (header == null) {
            return List.of();
        }
        return keyIdHeader == null ? List.of(header) : List.of(keyIdHeader, header);
    }

    private byte[] key(SignedRequest request) {
        if (keyIdHeader == null) {
            if (secret == null) {
                throw new IllegalStateException("No webhook secret configured");
            }
            return secret;
        }
        String keyId = request.header(keyIdHeader);
        if (keyId == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + keyIdHeader + " header");
        }
        byte[] key = keys.get(keyId);
        if (key == null) {
            throw new WebhookRejectedException(Reason.UNKNOWN_KEY, keyIdHeader + " names no configured key");
        }
        return key;
    }

    private byte[] signedBytes(SignedRequest request) {
        byte[] body = request.body() == null ? new byte[0] : request.body();
        if (!"path-body".equals(signedContent)) {
            return body;
        }
        String path = signedPath != null ? signedPath : request.path();
        byte[] head = ((path == null ? "" : path) + " ").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    private byte[] decode(String presented) {
        String value = presented;
        if (!prefix.isEmpty()) {
            if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, header + " lacks the " + prefix + " prefix");
            }
            value = value.substring(prefix.length());
        }
        try {
            return "base64".equals(encoding) ? Base64.getDecoder().decode(value) : HexFormat.of().parseHex(value.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, header + " is not valid " + encoding);
        }
    }

    /** HMAC of {@code message}; public so tests and simulators sign exactly as we verify. */
    public byte[] mac(byte[] key, byte[] message) {
        return Hmac.of(algorithm, key, message);
    }

    public void setHeader(String header) {
        this.header = header;
    }

    public void setAlgorithm(String algorithm) {
        this.algorithm = algorithm;
        mac(new byte[] {1}, new byte[0]); // fail at start-up, not on the first delivery
    }

    public void setEncoding(String encoding) {
        String e = encoding.trim().toLowerCase(Locale.ROOT);
        if (!e.equals("hex") && !e.equals("base64")) {
            throw new IllegalArgumentException("Signature encoding must be hex or base64, got '" + encoding + "'");
        }
        this.encoding = e;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix == null ? "" : prefix;
    }

    public void setSignedContent(String signedContent) {
        if (!"body".equals(signedContent) && !"path-body".equals(signedContent)) {
            throw new IllegalArgumentException("signedContent must be body or path-body, got '" + signedContent + "'");
        }
        this.signedContent = signedContent;
    }

    public void setSignedPath(String signedPath) {
        this.signedPath = signedPath == null || signedPath.isBlank() ? null : signedPath.trim();
    }

    public void setSecret(String secret) {
        this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    public void setKeyIdHeader(String keyIdHeader) {
        this.keyIdHeader = keyIdHeader;
    }

    /** {@code keyId=base64Key,keyId2=base64Key2}; the values are never logged. */
    public void setKeys(String spec) {
        keys.clear();
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("Key list entries must look like keyId=base64Key");
            }
            String id = pair.substring(0, eq).trim();
            try {
                keys.put(id, Base64.getDecoder().decode(pair.substring(eq + 1).trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The key for id " + id + " is not valid base64");
            }
        }
    }
}
