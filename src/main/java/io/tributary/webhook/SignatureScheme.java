package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.tributary.webhook.SchemeAlgorithm.Check;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.StartupListener;

/**
 * Any provider's signature, configured in its route file the way the provider's docs describe it
 * (README "Signature schemes"): what is signed ({@code signed}, a template of parts, see
 * {@link SignedContent}), how ({@code algorithm}, {@code encoding}), where the signature and the
 * timestamp are ({@code signature}, {@code parameters}, {@code signatureParam}, {@code prefix},
 * {@code separator}, {@code timestamp}), and the keys ({@code secret} and {@code previousSecret}, or
 * {@code keys} chosen by {@code keyIdHeader}, or {@code publicKey} and {@code previousPublicKey}).
 * <p>
 * Checked when the Camel context starts: a misspelt part, algorithm or location stops the start
 * with the bean's name. Verification: any presented signature matching any configured key passes
 * (rotation on either side), then a signed timestamp further than {@code tolerance} from now is
 * refused as {@code stale}. Comparisons are constant time on the raw bytes.
 */
public class SignatureScheme implements SignatureVerifier, CamelContextAware {

    private final Map<String, String> spec = new LinkedHashMap<>();
    private final ReplayWindow window = new ReplayWindow(Duration.ofMinutes(5));
    private CamelContext context;
    private volatile Compiled compiled;

    private record Compiled(SignedContent content, SchemeAlgorithm algorithm, String encoding, String[] signature,
            String[] timestamp, String timestampFormat, List<Check> checks, Map<String, Check> byKeyId) {
    }

    @Override
    public void verify(SignedRequest signed) {
        Compiled c = compiled();
        if (c.checks().isEmpty() && c.byKeyId().isEmpty()) {
            throw new IllegalStateException("No webhook secret or public key configured");
        }
        SchemeRequest request = new SchemeRequest(signed, get("publicUrl"), get("signedPath"));
        String where = c.signature()[0] + " " + c.signature()[1];
        String raw = c.signature()[0].equals("header") ? request.header(c.signature()[1]) : fieldOrNull(request, c.signature()[1]);
        if (raw == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + where);
        }
        List<byte[]> presented = presented(c, request, raw, where);
        // A timestamp that is signed is read first; one that is not is read only from a verified delivery.
        boolean signedTimestamp = c.content().uses("timestamp");
        if (c.timestamp() != null && signedTimestamp) {
            request.timestamp(locate(request, c.timestamp()));
        }
        List<Check> checks = c.checks();
        String keyIdHeader = get("keyIdHeader");
        if (keyIdHeader != null) {
            Check k = c.byKeyId().get(request.requiredHeader(keyIdHeader));
            if (k == null) {
                throw new WebhookRejectedException(Reason.UNKNOWN_KEY, keyIdHeader + " names no configured key");
            }
            checks = List.of(k);
        }
        List<byte[]> content = c.content().render(request);
        boolean match = false;
        for (Check k : checks) {
            match |= k.matchesAny(content, presented);
        }
        if (!match) {
            throw new WebhookRejectedException(Reason.BAD_SIGNATURE, where + " does not match the delivery");
        }
        if (c.timestamp() != null) {
            if (!signedTimestamp) {
                request.timestamp(locate(request, c.timestamp()));
            }
            window.check(c.timestamp()[0] + " " + c.timestamp()[1], signedAt(request.timestamp(), c.timestampFormat()));
        }
    }

    private static String fieldOrNull(SchemeRequest request, String pointer) {
        try {
            return request.field(pointer);
        } catch (WebhookRejectedException e) {
            return null;
        }
    }

    /** The candidate signatures, decoded; entries of another version are skipped, none readable is malformed. */
    private List<byte[]> presented(Compiled c, SchemeRequest request, String raw, String where) {
        List<String> entries = new ArrayList<>();
        String parameters = get("parameters");
        if (parameters != null) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (String item : raw.split(java.util.regex.Pattern.quote(parameters))) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    params.computeIfAbsent(item.substring(0, eq).trim(), k -> new ArrayList<>()).add(item.substring(eq + 1).trim());
                }
            }
            request.params(params);
            entries.addAll(request.params(get("signatureParam", "v1")));
        } else {
            String separator = spec.get("separator") == null || spec.get("separator").isEmpty() ? null : spec.get("separator");
            entries.addAll(separator == null ? List.of(raw) : List.of(raw.split(separator.equals(" ") ? "\\s+" : java.util.regex.Pattern.quote(separator))));
        }
        String prefix = get("prefix", "");
        List<byte[]> out = new ArrayList<>();
        for (String e : entries) {
            String v = e.trim();
            if (!v.regionMatches(true, 0, prefix, 0, prefix.length())) {
                continue;
            }
            byte[] decoded = decode(v.substring(prefix.length()), c);
            if (decoded != null) {
                out.add(decoded);
            }
        }
        if (out.isEmpty()) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, where + " holds no readable " + prefix
                    + (parameters != null ? get("signatureParam", "v1") + "=" : "") + c.encoding() + " signature");
        }
        return out;
    }

    private static byte[] decode(String v, Compiled c) {
        try {
            return switch (c.algorithm() == SchemeAlgorithm.TOKEN ? "text" : c.encoding()) {
                case "text" -> v.getBytes(StandardCharsets.UTF_8);
                case "hex" -> HexFormat.of().parseHex(v.toLowerCase(Locale.ROOT));
                case "base64url" -> Base64.getUrlDecoder().decode(v);
                default -> Base64.getDecoder().decode(v);
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String locate(SchemeRequest request, String[] at) {
        return switch (at[0]) {
            case "header" -> request.requiredHeader(at[1]);
            case "param" -> request.param(at[1]);
            default -> request.field(at[1]);
        };
    }

    private static Instant signedAt(String text, String format) {
        try {
            return switch (format) {
                case "millis" -> Instant.ofEpochMilli(Long.parseLong(text.trim()));
                case "rfc3339" -> OffsetDateTime.parse(text.trim()).toInstant();
                default -> Instant.ofEpochSecond(Long.parseLong(text.trim()));
            };
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, "the timestamp is not " + format);
        }
    }

    /** False for a shared-secret token, which signs nothing: a changed body cannot be detected. */
    public boolean signsContent() {
        return compiled().algorithm() != SchemeAlgorithm.TOKEN;
    }

    @Override
    public List<String> headers() {
        Compiled c = compiled();
        Set<String> out = new LinkedHashSet<>(c.content().headers());
        if (c.signature()[0].equals("header")) {
            out.add(c.signature()[1]);
        }
        if (c.timestamp() != null && c.timestamp()[0].equals("header")) {
            out.add(c.timestamp()[1]);
        }
        if (get("keyIdHeader") != null) {
            out.add(get("keyIdHeader"));
        }
        return List.copyOf(out);
    }

    private Compiled compiled() {
        Compiled c = compiled;
        if (c == null) {
            c = build();
        }
        return c;
    }

    /** Parses every property. @throws IllegalArgumentException naming the property and the mistake */
    public void compile() {
        build();
    }

    private synchronized Compiled build() {
        for (String p : List.of("signed", "signature")) {
            if (get(p) == null) {
                throw new IllegalArgumentException(p + " is required");
            }
        }
        SignedContent content = parse("signed", () -> SignedContent.parse(get("signed")));
        SchemeAlgorithm algorithm = parse("algorithm", () -> SchemeAlgorithm.of(get("algorithm", "hmac-sha256")));
        String encoding = parse("encoding", () -> oneOf(get("encoding", "hex"), "hex", "base64", "base64url"));
        String[] signature = parse("signature", () -> location(get("signature"), "header", "field"));
        String[] timestamp = get("timestamp") == null ? null : parse("timestamp", () -> location(get("timestamp"), "header", "param", "field"));
        String format = parse("timestampFormat", () -> oneOf(get("timestampFormat", "seconds"), "seconds", "millis", "rfc3339"));
        if (get("tolerance") != null) {
            parse("tolerance", () -> {
                window.setTolerance(get("tolerance"));
                return null;
            });
        }
        String secretEncoding = parse("secretEncoding", () -> oneOf(get("secretEncoding", "text"), "text", "base64", "hex"));
        List<Check> checks = new ArrayList<>();
        for (String p : algorithm.publicKey() ? List.of("publicKey", "previousPublicKey") : List.of("secret", "previousSecret")) {
            String v = get(p);
            if (v == null) {
                continue;
            }
            // Keys in hex or base64 hold no spaces or commas: several, so separated, are accepted while they rotate.
            boolean text = !algorithm.publicKey() && secretEncoding.equals("text");
            for (String one : text ? List.of(v) : List.of(v.trim().split("[\\s,]+"))) {
                checks.add(parse(p, () -> algorithm.check(algorithm.publicKey() ? null : secret(one, secretEncoding), stripPrefix(one))));
            }
        }
        Map<String, Check> byKeyId = new LinkedHashMap<>();
        if (get("keys") != null) {
            for (String pair : get("keys").split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("keys: entries must look like keyId=key");
                }
                String id = pair.substring(0, eq).trim();
                byKeyId.put(id, parse("keys", () -> algorithm.check(secret(pair.substring(eq + 1).trim(), secretEncoding), null)));
            }
        }
        if (content.uses("timestamp") && timestamp == null) {
            throw new IllegalArgumentException("signed uses {timestamp}: say where it is with timestamp: header:..., param:... or field:...");
        }
        if ((content.uses("param") || timestamp != null && timestamp[0].equals("param")) && get("parameters") == null) {
            throw new IllegalArgumentException("a param: part needs parameters: the separator of the signature header's name=value items");
        }
        if ((!checks.isEmpty() || !byKeyId.isEmpty()) && content.uses("url") && get("publicUrl") == null) {
            throw new IllegalArgumentException("signed uses {url}: set publicUrl to the URL the provider calls");
        }
        if (get("keyIdHeader") != null && get("keys") == null && !checks.isEmpty()) {
            throw new IllegalArgumentException("keyIdHeader needs keys: keyId=key,...");
        }
        Compiled c = new Compiled(content, algorithm, encoding, signature, timestamp, format, List.copyOf(checks), byKeyId);
        compiled = c;
        return c;
    }

    private <T> T parse(String property, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            // The message names the property only: values may be secrets.
            throw new IllegalArgumentException(property + ": " + e.getMessage(), null);
        }
    }

    private byte[] secret(String value, String encoding) {
        String v = stripPrefix(value);
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

    private String stripPrefix(String value) {
        String p = get("secretPrefix", "");
        String v = value.trim();
        return !p.isEmpty() && v.startsWith(p) ? v.substring(p.length()) : v;
    }

    private static String oneOf(String value, String... allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            throw new IllegalArgumentException("'" + value + "' is not one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** {@code header:Name}, {@code param:t} or {@code field:/pointer}. */
    private static String[] location(String value, String... kinds) {
        int colon = value.indexOf(':');
        String kind = colon < 0 ? value : value.substring(0, colon).trim();
        String name = colon < 0 ? "" : value.substring(colon + 1).trim();
        if (!List.of(kinds).contains(kind) || name.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not " + String.join(":..., ", kinds) + ":...");
        }
        return new String[] {kind, kind.equals("field") ? SchemeRequest.pointer(name) : name};
    }

    private String get(String key) {
        String v = spec.get(key);
        return v == null || v.isBlank() ? null : v;
    }

    private String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    private void set(String key, String value) {
        spec.put(key, value);
        compiled = null;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (context == null) {
            try {
                camelContext.addStartupListener(new StartupListener() {
                    @Override
                    public void onCamelContextStarting(CamelContext ctx, boolean alreadyStarted) {
                        checkAtStart(ctx);
                    }

                    @Override
                    public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                        // checked while starting
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException("Cannot register the check of a signature scheme", e);
            }
        }
        this.context = camelContext;
    }

    /** Compiles as the context starts; the error names the bean, found by identity in the registry. */
    void checkAtStart(CamelContext ctx) {
        try {
            build();
        } catch (IllegalArgumentException e) {
            String name = ctx.getRegistry().findByTypeWithName(SignatureScheme.class).entrySet().stream()
                    .filter(b -> b.getValue() == this).map(Map.Entry::getKey).findFirst().orElse("?");
            throw new IllegalArgumentException("Signature scheme bean '" + name + "': " + e.getMessage(), null);
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    public void setSigned(String v) {
        set("signed", v);
    }

    public void setAlgorithm(String v) {
        set("algorithm", v);
    }

    public void setEncoding(String v) {
        set("encoding", v);
    }

    public void setSignature(String v) {
        set("signature", v);
    }

    public void setParameters(String v) {
        set("parameters", v);
    }

    public void setSignatureParam(String v) {
        set("signatureParam", v);
    }

    public void setPrefix(String v) {
        set("prefix", v);
    }

    public void setSeparator(String v) {
        set("separator", v);
    }

    public void setTimestamp(String v) {
        set("timestamp", v);
    }

    public void setTimestampFormat(String v) {
        set("timestampFormat", v);
    }

    public void setTolerance(String v) {
        set("tolerance", v);
    }

    public void setSecret(String v) {
        set("secret", v);
    }

    public void setPreviousSecret(String v) {
        set("previousSecret", v);
    }

    public void setSecretEncoding(String v) {
        set("secretEncoding", v);
    }

    public void setSecretPrefix(String v) {
        set("secretPrefix", v);
    }

    public void setKeys(String v) {
        set("keys", v);
    }

    public void setKeyIdHeader(String v) {
        set("keyIdHeader", v);
    }

    public void setPublicKey(String v) {
        set("publicKey", v);
    }

    public void setPreviousPublicKey(String v) {
        set("previousPublicKey", v);
    }

    public void setPublicUrl(String v) {
        set("publicUrl", v);
    }

    public void setSignedPath(String v) {
        set("signedPath", v);
    }

    public void setClock(Clock clock) {
        window.setClock(clock);
    }
}
