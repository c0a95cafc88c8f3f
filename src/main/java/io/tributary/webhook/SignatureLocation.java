package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.tributary.webhook.WebhookRejectedException.Reason;

/**
 * Where a {@link SignatureScheme}'s signature is and how it is written: a header or a body field;
 * {@code name=value} parameters ({@code t=..,v1=..}, {@code ts=..;h1=..}) whose {@code signatureParam}
 * entries are the signatures; or a value holding several signatures ({@code separator}); each with
 * an optional {@code prefix} ({@code sha256=}, {@code v1,}) and an encoding. Entries without the prefix
 * are another version and skipped; none readable is {@code malformed_signature}.
 */
final class SignatureLocation {

    private final String[] at;
    private final String parameters;
    private final String signatureParam;
    private final String separator;
    private final String prefix;
    private final String encoding;

    SignatureLocation(String[] at, String parameters, String signatureParam, String separator, String prefix, String encoding) {
        this.at = at;
        this.parameters = parameters;
        this.signatureParam = signatureParam;
        this.separator = separator;
        this.prefix = prefix;
        this.encoding = encoding;
    }

    /** {@code header:Name}, {@code param:t} or {@code field:/pointer}, as {kind, name}. */
    static String[] parse(String value, String... kinds) {
        int colon = value.indexOf(':');
        String kind = colon < 0 ? value : value.substring(0, colon).trim();
        String name = colon < 0 ? "" : value.substring(colon + 1).trim();
        if (!List.of(kinds).contains(kind) || name.isEmpty()) {
            throw new IllegalArgumentException("'" + value + "' is not " + String.join(":..., ", kinds) + ":...");
        }
        return new String[] {kind, kind.equals("field") ? SchemeRequest.pointer(name) : name};
    }

    static String describe(String[] at) {
        return at[0] + " " + at[1];
    }

    /** The header's name, or null for a body field. */
    String header() {
        return at[0].equals("header") ? at[1] : null;
    }

    boolean hasParameters() {
        return parameters != null;
    }

    /** The presented signatures, decoded; the header's parameters are kept on the request for {@code {param:x}}. */
    List<byte[]> presented(SchemeRequest request) {
        String raw = at[0].equals("header") ? request.header(at[1]) : fieldOrNull(request, at[1]);
        if (raw == null) {
            throw new WebhookRejectedException(Reason.MISSING_SIGNATURE, "no " + describe(at));
        }
        List<String> entries = new ArrayList<>();
        if (parameters != null) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (String item : raw.split(Pattern.quote(parameters))) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    params.computeIfAbsent(item.substring(0, eq).trim(), k -> new ArrayList<>()).add(item.substring(eq + 1).trim());
                }
            }
            request.params(params);
            entries.addAll(request.params(signatureParam));
        } else if (separator != null) {
            entries.addAll(List.of(raw.split(separator.equals(" ") ? "\\s+" : Pattern.quote(separator))));
        } else {
            entries.add(raw);
        }
        List<byte[]> out = new ArrayList<>();
        for (String e : entries) {
            String v = e.trim();
            if (v.regionMatches(true, 0, prefix, 0, prefix.length())) {
                byte[] decoded = decode(v.substring(prefix.length()));
                if (decoded != null) {
                    out.add(decoded);
                }
            }
        }
        if (out.isEmpty()) {
            throw new WebhookRejectedException(Reason.MALFORMED_SIGNATURE, describe(at) + " holds no readable " + prefix
                    + (parameters != null ? signatureParam + "=" : "") + encoding + " signature");
        }
        return out;
    }

    private static String fieldOrNull(SchemeRequest request, String pointer) {
        try {
            return request.field(pointer);
        } catch (WebhookRejectedException e) {
            return null;
        }
    }

    private byte[] decode(String v) {
        try {
            return switch (encoding) {
                case "text" -> v.getBytes(StandardCharsets.UTF_8);
                case "hex" -> HexFormat.of().parseHex(v.toLowerCase(Locale.ROOT));
                case "base64url" -> Base64.getUrlDecoder().decode(v);
                default -> Base64.getDecoder().decode(v);
            };
        } catch (IllegalArgumentException e) {
            return null; // unreadable: another entry may be readable
        }
    }
}
