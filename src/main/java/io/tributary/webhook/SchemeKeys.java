package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.tributary.webhook.SchemeAlgorithm.Check;
import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * A {@link SignatureScheme}'s keys, each ready to check: {@code secret} and {@code previousSecret}
 * (or {@code publicKey} and {@code previousPublicKey}), several per property when they are hex or
 * base64 (space or comma separated), or {@code keys} chosen by the {@code keyIdHeader}. Secrets are
 * text, base64 or hex ({@code secretEncoding}), after a {@code secretPrefix} such as {@code whsec_}.
 * Error messages never carry a key.
 */
final class SchemeKeys {

    private final List<Check> checks;
    private final Map<String, Check> byKeyId;
    private final String keyIdHeader;

    private SchemeKeys(List<Check> checks, Map<String, Check> byKeyId, String keyIdHeader) {
        this.checks = checks;
        this.byKeyId = byKeyId;
        this.keyIdHeader = keyIdHeader;
    }

    /** @param get a property of the scheme, or null when unset */
    static SchemeKeys of(SchemeAlgorithm algorithm, String secretEncoding, Function<String, String> get) {
        String prefix = get.apply("secretPrefix") == null ? "" : get.apply("secretPrefix");
        List<Check> checks = new ArrayList<>();
        for (String p : algorithm.publicKey() ? List.of("publicKey", "previousPublicKey") : List.of("secret", "previousSecret")) {
            String v = get.apply(p);
            if (v == null) {
                continue;
            }
            // Keys in hex or base64 hold no spaces or commas: several, so separated, are accepted while they rotate.
            boolean text = !algorithm.publicKey() && secretEncoding.equals("text");
            for (String one : text ? List.of(v) : List.of(v.trim().split("[\\s,]+"))) {
                String key = strip(one, prefix);
                checks.add(named(p, () -> algorithm.check(algorithm.publicKey() ? null : decode(key, secretEncoding), key)));
            }
        }
        Map<String, Check> byKeyId = new LinkedHashMap<>();
        String keys = get.apply("keys");
        if (keys != null) {
            for (String pair : keys.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("keys: entries must look like keyId=key");
                }
                String key = strip(pair.substring(eq + 1), prefix);
                byKeyId.put(pair.substring(0, eq).trim(), named("keys", () -> algorithm.check(decode(key, secretEncoding), key)));
            }
        }
        String keyIdHeader = get.apply("keyIdHeader");
        if (keyIdHeader != null && keys == null && !checks.isEmpty()) {
            throw new IllegalArgumentException("keyIdHeader needs keys: keyId=key,...");
        }
        return new SchemeKeys(List.copyOf(checks), byKeyId, keyIdHeader);
    }

    boolean configured() {
        return !checks.isEmpty() || !byKeyId.isEmpty();
    }

    String keyIdHeader() {
        return keyIdHeader;
    }

    /** The keys to try for this delivery: the one its key id names, or all. */
    List<Check> candidates(SchemeRequest request) {
        if (keyIdHeader == null) {
            return checks;
        }
        Check k = byKeyId.get(request.requiredHeader(keyIdHeader));
        if (k == null) {
            throw new WebhookRejectedException(Reason.UNKNOWN_KEY, keyIdHeader + " names no configured key");
        }
        return List.of(k);
    }

    private static Check named(String property, java.util.function.Supplier<Check> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), null);
        }
    }

    private static String strip(String value, String prefix) {
        String v = value.trim();
        return !prefix.isEmpty() && v.startsWith(prefix) ? v.substring(prefix.length()) : v;
    }

    private static byte[] decode(String v, String encoding) {
        try {
            return switch (encoding) {
                case "base64" -> Base64.getDecoder().decode(v);
                case "hex" -> HexFormat.of().parseHex(v.toLowerCase(Locale.ROOT));
                default -> v.getBytes(StandardCharsets.UTF_8);
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a key is not " + encoding);
        }
    }
}
