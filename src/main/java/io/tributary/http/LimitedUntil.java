package io.tributary.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads "limited until" from a 429 body for providers that say it there instead of in Retry-After.
 * Found by field name anywhere in the text, so it also works where the body is not JSON all the
 * way down (Alcmeon's {@code details} is a string holding a Python-style dict:
 * {@code "{'rate_limited_until': '2024-01-22T13:05:41Z'}"}). The value is an RFC 3339 time or
 * Unix seconds.
 */
public final class LimitedUntil {

    private final Pattern pattern;

    public LimitedUntil(String field) {
        this.pattern = Pattern.compile(Pattern.quote(field) + "['\"]?\\s*:\\s*(?:['\"]([^'\"]+)['\"]|(\\d+))");
    }

    public Optional<Instant> in(byte[] body) {
        return body == null ? Optional.empty() : in(new String(body, StandardCharsets.UTF_8));
    }

    public Optional<Instant> in(String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(m.group(2) != null ? Instant.ofEpochSecond(Long.parseLong(m.group(2)))
                    : OffsetDateTime.parse(m.group(1).trim()).toInstant());
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
