package io.tributary.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider signs, written as its docs write it: literal text and {@code {part}}s, e.g.
 * {@code v0:{header:X-Slack-Request-Timestamp}:{body}}. The parts:
 * <ul>
 * <li>{@code {body}}: the raw body bytes; {@code {method}}: the HTTP method;</li>
 * <li>{@code {url}}: the public URL the provider calls ({@code publicUrl}) plus {@code ?query} when
 * there is one; {@code {path}}: the request path, or {@code signedPath} when a proxy rewrites it;</li>
 * <li>{@code {form}}: the form parameters of the body, percent-decoded, sorted by name, each
 * {@code name + value} (Twilio);</li>
 * <li>{@code {header:Name}}: a request header; {@code {param:t}}: a parameter of the signature
 * header ({@code t=..,v1=..}); {@code {field:/json/pointer}}: a body field (the body is parsed for
 * it, and only when a field is signed); {@code {optional:/json/pointer}}: the same, or nothing when the
 * field is absent (Adyen); {@code {timestamp}}: the timestamp as sent.</li>
 * </ul>
 * Anything else in braces is refused when the scheme is compiled.
 */
final class SignedContent {

    private static final java.util.Set<String> KINDS = java.util.Set.of("body", "method", "url", "path", "form", "timestamp", "header", "param", "field", "optional");
    private static final Pattern PART = Pattern.compile("\\{([a-z]+)(?::([^}]*))?}");

    /** One part, rendered to bytes from a delivery. */
    interface Part extends Function<SchemeRequest, byte[]> {
    }

    private final List<Part> parts;
    private final java.util.Set<String> kinds;
    private final List<String> headers;

    private SignedContent(List<Part> parts, java.util.Set<String> kinds, List<String> headers) {
        this.parts = parts;
        this.kinds = kinds;
        this.headers = headers;
    }

    /** @throws IllegalArgumentException naming the unknown part or the stray brace */
    static SignedContent parse(String template) {
        List<Part> parts = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        Matcher m = PART.matcher(template);
        int at = 0;
        while (m.find()) {
            literal(template.substring(at, m.start()), parts);
            String kind = m.group(1);
            String arg = m.group(2);
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException("unknown part " + m.group()
                        + " (known: {body} {method} {url} {path} {form} {timestamp} {header:Name} {param:name} {field:/pointer} {optional:/pointer})");
            }
            boolean needsArg = kind.equals("header") || kind.equals("param") || kind.equals("field") || kind.equals("optional");
            if (needsArg != (arg != null && !arg.isBlank())) {
                throw new IllegalArgumentException(m.group() + (needsArg ? " needs a name, e.g. {" + kind + ":...}" : " takes no argument"));
            }
            switch (kind) {
                case "body" -> parts.add(SchemeRequest::body);
                case "method" -> parts.add(r -> utf8(r.method()));
                case "url" -> parts.add(r -> utf8(r.url()));
                case "path" -> parts.add(r -> utf8(r.path()));
                case "form" -> parts.add(SchemeRequest::sortedForm);
                case "timestamp" -> parts.add(r -> utf8(r.timestamp()));
                case "header" -> {
                    String name = arg.trim();
                    headers.add(name);
                    parts.add(r -> utf8(r.requiredHeader(name)));
                }
                case "param" -> parts.add(r -> utf8(r.param(arg.trim())));
                case "field" -> {
                    String pointer = SchemeRequest.pointer(arg.trim());
                    parts.add(r -> utf8(r.field(pointer)));
                }
                case "optional" -> {
                    String pointer = SchemeRequest.pointer(arg.trim());
                    parts.add(r -> utf8(r.optionalField(pointer)));
                }
                default -> throw new IllegalStateException(kind);
            }
            kinds.add(kind);
            at = m.end();
        }
        literal(template.substring(at), parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("signs nothing");
        }
        return new SignedContent(List.copyOf(parts), kinds, List.copyOf(headers));
    }

    private static void literal(String text, List<Part> parts) {
        if (text.indexOf('{') >= 0 || text.indexOf('}') >= 0) {
            throw new IllegalArgumentException("stray brace in '" + text + "': parts are written {body}, {header:Name}, ...");
        }
        if (!text.isEmpty()) {
            byte[] bytes = utf8(text);
            parts.add(r -> bytes);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The signed bytes in order, as pieces: the body is never copied. */
    List<byte[]> render(SchemeRequest request) {
        List<byte[]> out = new ArrayList<>(parts.size());
        for (Part p : parts) {
            out.add(p.apply(request));
        }
        return out;
    }

    /** Whether the template has a part of this kind ({@code url}, {@code timestamp}, {@code param}, ...). */
    boolean uses(String kind) {
        return kinds.contains(kind);
    }

    List<String> headers() {
        return headers;
    }
}
