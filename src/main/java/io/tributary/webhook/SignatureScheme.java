package io.tributary.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * (docs/providers.md "Signature schemes"): what is signed ({@code signed}, a template of parts, see
 * {@link SignedContent}), how ({@code algorithm}, {@code encoding}), where the signature and the
 * timestamp are ({@code signature}, {@code parameters}, {@code signatureParam}, {@code prefix},
 * {@code separator}, {@code timestamp}), and the keys ({@code secret} and {@code previousSecret}, or
 * {@code keys} chosen by {@code keyIdHeader}, or {@code publicKey} and {@code previousPublicKey}); and
 * {@code items} for a batch whose items are signed one by one (see {@link SignedItems}).
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

    private record Compiled(SignedContent content, SchemeAlgorithm algorithm, SignatureLocation signature, String[] timestamp,
            String timestampFormat, SchemeKeys keys, SignedItems items) {
    }

    @Override
    public void verify(SignedRequest signed) {
        Compiled c = compiled();
        if (!c.keys().configured()) {
            throw new IllegalStateException("No webhook secret or public key configured");
        }
        SchemeRequest request = new SchemeRequest(signed, get("publicUrl"), get("signedPath"));
        if (c.items() != null) {
            verifyEach(c, request);
            return;
        }
        List<byte[]> presented = c.signature().presented(request);
        // A timestamp that is signed is read first; one that is not is read only from a verified delivery.
        boolean signedTimestamp = c.content().uses("timestamp");
        if (c.timestamp() != null && signedTimestamp) {
            request.timestamp(locate(request, c.timestamp()));
        }
        List<Check> candidates = c.keys().candidates(request);
        List<byte[]> content = c.content().render(request);
        boolean match = false;
        for (Check k : candidates) {
            match |= k.matchesAny(content, presented);
        }
        if (!match) {
            throw new WebhookRejectedException(Reason.BAD_SIGNATURE, get("signature") + " does not match the delivery");
        }
        if (c.timestamp() != null) {
            if (!signedTimestamp) {
                request.timestamp(locate(request, c.timestamp()));
            }
            window.check(SignatureLocation.describe(c.timestamp()), signedAt(request.timestamp(), c.timestampFormat()));
        }
    }

    /** Every item carries its own signature over its own fields: each must match a key. */
    private static void verifyEach(Compiled c, SchemeRequest request) {
        int n = 0;
        for (com.fasterxml.jackson.databind.JsonNode item : c.items().of(request)) {
            SchemeRequest one = request.item(item);
            List<byte[]> presented = c.signature().presented(one);
            List<byte[]> content = c.content().render(one);
            boolean match = false;
            for (Check k : c.keys().candidates(one)) {
                match |= k.matchesAny(content, presented);
            }
            if (!match) {
                throw new WebhookRejectedException(Reason.BAD_SIGNATURE, "item " + n + ": its signature does not match");
            }
            n++;
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

    /** Whether a secret or public key is set: a scheme with none verifies nothing. */
    public boolean configured() {
        return compiled().keys().configured();
    }

    /** False for a shared-secret token, which signs nothing: a changed body cannot be detected. */
    public boolean signsContent() {
        return compiled().algorithm() != SchemeAlgorithm.TOKEN;
    }

    @Override
    public List<String> headers() {
        Compiled c = compiled();
        Set<String> out = new LinkedHashSet<>(c.content().headers());
        if (c.signature().header() != null) {
            out.add(c.signature().header());
        }
        if (c.timestamp() != null && c.timestamp()[0].equals("header")) {
            out.add(c.timestamp()[1]);
        }
        if (c.keys().keyIdHeader() != null) {
            out.add(c.keys().keyIdHeader());
        }
        return List.copyOf(out);
    }

    private Compiled compiled() {
        Compiled c = compiled;
        return c != null ? c : build();
    }

    /** Parses every property. @throws IllegalArgumentException naming the property and the mistake, never a key */
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
        String encoding = algorithm == SchemeAlgorithm.TOKEN ? "text"
                : parse("encoding", () -> oneOf(get("encoding", "hex"), "hex", "base64", "base64url"));
        String separator = spec.get("separator") == null || spec.get("separator").isEmpty() ? null : spec.get("separator"); // " " is one
        SignatureLocation signature = new SignatureLocation(parse("signature", () -> SignatureLocation.parse(get("signature"), "header", "field")),
                get("parameters"), get("signatureParam", "v1"), separator, get("prefix", ""), encoding);
        String[] timestamp = get("timestamp") == null ? null
                : parse("timestamp", () -> SignatureLocation.parse(get("timestamp"), "header", "param", "field"));
        String format = parse("timestampFormat", () -> oneOf(get("timestampFormat", "seconds"), "seconds", "millis", "rfc3339"));
        if (get("tolerance") != null) {
            parse("tolerance", () -> {
                window.setTolerance(get("tolerance"));
                return null;
            });
        }
        String secretEncoding = parse("secretEncoding", () -> oneOf(get("secretEncoding", "text"), "text", "base64", "hex"));
        SchemeKeys keys = SchemeKeys.of(algorithm, secretEncoding, this::get);
        if (content.uses("timestamp") && timestamp == null) {
            throw new IllegalArgumentException("signed uses {timestamp}: say where it is with timestamp: header:..., param:... or field:...");
        }
        if ((content.uses("param") || timestamp != null && timestamp[0].equals("param")) && !signature.hasParameters()) {
            throw new IllegalArgumentException("a param: part needs parameters: the separator of the signature header's name=value items");
        }
        if (keys.configured() && content.uses("url") && get("publicUrl") == null) {
            throw new IllegalArgumentException("signed uses {url}: set publicUrl to the URL the provider calls");
        }
        SignedItems items = get("items") == null ? null : parse("items", () -> SignedItems.parse(get("items")));
        if (items != null && timestamp != null) {
            throw new IllegalArgumentException("items: a scheme that signs each item has no timestamp (no provider needs both)");
        }
        Compiled c = new Compiled(content, algorithm, signature, timestamp, format, keys, items);
        compiled = c;
        return c;
    }

    private static <T> T parse(String property, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), null);
        }
    }

    private static String oneOf(String value, String... allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            throw new IllegalArgumentException("'" + value + "' is not one of " + String.join(", ", allowed));
        }
        return v;
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

    public void setItems(String v) {
        set("items", v);
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
