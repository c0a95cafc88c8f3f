package io.tributary.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import io.tributary.event.UnprocessableEventException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;

/**
 * One attribute of an {@link EventMapping}, as a route file writes it:
 * <pre>
 * value       := alternative (" || " alternative)* (" | " helper)*
 * alternative := part (" + " part)*
 * part        := 'literal' | language ":" expression    e.g. jsonpath:$.id, header:X-GitHub-Delivery, simple:${...}
 * helper      := last-segment | before:TEXT | prefix:TEXT | epoch-seconds | epoch-millis
 * </pre>
 * Parts are Camel languages, compiled once at start-up. A part that yields nothing (no value, a
 * blank one, an empty list, a JSONPath that matches nothing) makes its alternative nothing, so a
 * half-built id or source is never published; the first alternative that yields a value is the
 * value ({@code header:I-Twilio-Idempotency-Token || jsonpath:$.MessageSid}), and a literal as the
 * last one is a default ({@code jsonpath:$.region || 'global'}). Helpers apply to the chosen one.
 */
final class MappedValue {

    private final String text;
    private final List<List<Function<Exchange, String>>> alternatives = new ArrayList<>();
    private final List<UnaryOperator<String>> helpers = new ArrayList<>();

    private MappedValue(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code text} */
    static MappedValue parse(String text, CamelContext context) {
        MappedValue v = new MappedValue(text);
        String[] piped = text.split(" \\| ");
        for (String alternative : piped[0].split(" \\|\\| ")) {
            List<Function<Exchange, String>> parts = new ArrayList<>();
            for (String part : alternative.split(" \\+ ")) {
                String p = part.trim();
                if (p.length() >= 2 && p.startsWith("'") && p.endsWith("'")) {
                    String literal = p.substring(1, p.length() - 1);
                    parts.add(x -> literal);
                } else {
                    Expression e = expression(p, context);
                    String[] names = plainPath(p);
                    if (names == null) {
                        parts.add(x -> text(evaluate(e, x, p), p));
                    } else {
                        parts.add(x -> {
                            Object found = walk(names, x.getMessage().getBody());
                            return text(found != null ? found : evaluate(e, x, p), p);
                        });
                    }
                }
            }
            v.alternatives.add(parts);
        }
        for (int i = 1; i < piped.length; i++) {
            v.helpers.add(helper(piped[i].trim()));
        }
        return v;
    }

    /** A {@code language:expression} compiled by Camel; a syntax error fails here, at start-up. */
    static Expression expression(String spec, CamelContext context) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || !spec.substring(0, colon).matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("'" + spec + "' is not language:expression (jsonpath:, simple:, header:) or a 'literal'");
        }
        try {
            Expression e = context.resolveLanguage(spec.substring(0, colon)).createExpression(spec.substring(colon + 1));
            e.init(context);
            if (spec.startsWith("jsonpath:") && !spec.contains("${")) {
                // Camel compiles a JSONPath on first use (it may hold simple ${...}): compile it now, fixture or not.
                com.jayway.jsonpath.JsonPath.compile(spec.substring(colon + 1));
            }
            return e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + spec + "' does not compile: " + e.getMessage());
        }
    }

    /** {@code jsonpath:$.a.b} with plain names: no brackets, wildcards, filters, {@code ..} or {@code ${}. */
    private static final Pattern PLAIN_PATH = Pattern.compile("jsonpath:\\$(\\.[A-Za-z0-9_-]+)+");

    /** The names of a plain {@code jsonpath:$.a.b} part, or null for any other part. */
    static String[] plainPath(String part) {
        return PLAIN_PATH.matcher(part).matches() ? part.substring("jsonpath:$.".length()).split("\\.") : null;
    }

    /**
     * The value at {@code names} in a body of Maps, without Camel's jsonpath language and its
     * per-call parse context (a tenth of a backfill's polling thread). Null on any miss, and on a
     * JSON null: Camel then evaluates the part, so its result and its error messages stay as they were.
     */
    static Object walk(String[] names, Object body) {
        Object at = body;
        for (String name : names) {
            if (!(at instanceof Map<?, ?> map)) {
                return null;
            }
            at = map.get(name);
        }
        return at;
    }

    private static UnaryOperator<String> helper(String h) {
        if (h.equals("last-segment")) {
            return s -> nonBlank(s.substring(s.lastIndexOf('/') + 1), h);
        }
        if (h.startsWith("before:")) {
            // What comes before TEXT; a value without TEXT does not have the expected shape.
            String text = h.substring("before:".length());
            return s -> {
                int at = s.indexOf(text);
                if (at < 0) {
                    throw new UnprocessableEventException("'" + s + "' does not contain '" + text + "' (" + h + ")");
                }
                return nonBlank(s.substring(0, at), h);
            };
        }
        if (h.startsWith("prefix:")) {
            String prefix = h.substring("prefix:".length());
            return s -> prefix + s;
        }
        if (h.equals("epoch-seconds") || h.equals("epoch-millis")) {
            boolean millis = h.equals("epoch-millis");
            return s -> {
                try {
                    long n = new BigDecimal(s).longValueExact();
                    return (millis ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n)).toString();
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new UnprocessableEventException("'" + s + "' is not a whole number for " + h);
                }
            };
        }
        throw new IllegalArgumentException("unknown helper '" + h + "' (last-segment, before:TEXT, prefix:TEXT, epoch-seconds, epoch-millis)");
    }

    /** The value, never blank. @throws UnprocessableEventException when a part yields nothing */
    String evaluate(Exchange exchange) {
        String s = null;
        UnprocessableEventException nothing = null;
        for (List<Function<Exchange, String>> parts : alternatives) {
            try {
                StringBuilder out = new StringBuilder();
                for (Function<Exchange, String> part : parts) {
                    out.append(part.apply(exchange));
                }
                s = out.toString();
                break;
            } catch (UnprocessableEventException none) {
                nothing = nothing == null ? none : new UnprocessableEventException(nothing.getMessage() + "; " + none.getMessage());
            }
        }
        if (s == null) {
            throw nothing;
        }
        for (UnaryOperator<String> h : helpers) {
            s = h.apply(s);
        }
        return s;
    }

    private static Object evaluate(Expression e, Exchange exchange, String part) {
        try {
            Object value = e.evaluate(exchange, Object.class);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            return value;
        } catch (Exception failed) { // e.g. a JSONPath that matches nothing
            exchange.setException(null); // the exchange is reused for the next attribute
            Throwable root = failed;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new UnprocessableEventException(part + " yields nothing (" + root.getMessage() + ")");
        }
    }

    /** A scalar as text; several values, an object or nothing make the event unprocessable. */
    private static String text(Object value, String part) {
        Object v = value instanceof List<?> list && list.size() == 1 ? list.get(0) : value;
        if (v instanceof List<?> list) {
            throw new UnprocessableEventException(part + " yields " + (list.isEmpty() ? "nothing" : list.size() + " values"));
        }
        if (v instanceof Map<?, ?>) {
            throw new UnprocessableEventException(part + " yields an object, not a value");
        }
        if (v instanceof Double || v instanceof Float) {
            return BigDecimal.valueOf(((Number) v).doubleValue()).toPlainString();
        }
        return nonBlank(v == null ? null : v.toString(), part);
    }

    private static String nonBlank(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new UnprocessableEventException(what + " yields nothing");
        }
        return s;
    }

    @Override
    public String toString() {
        return text;
    }
}
