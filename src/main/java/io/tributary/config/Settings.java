package io.tributary.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed reads of {@code tributary.*} properties. Camel's properties component resolves them, so a
 * key {@code tributary.x.y-z} can also come from the environment variable {@code TRIBUTARY_X_Y_Z}
 * or a {@code -D} system property. A blank value counts as unset.
 */
public final class Settings {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private final PropertiesComponent properties;

    private Settings(PropertiesComponent properties) {
        this.properties = properties;
    }

    public static Settings of(CamelContext context) {
        return new Settings(context.getPropertiesComponent());
    }

    public Optional<String> optional(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    public int integer(String key, int defaultValue) {
        return optional(key).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Property " + key + " must be a whole number, got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    public Duration duration(String key, Duration defaultValue) {
        return optional(key).map(v -> {
            try {
                return parseDuration(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Property " + key + ": " + e.getMessage());
            }
        }).orElse(defaultValue);
    }

    /** Accepts {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}, a bare number of seconds, or ISO-8601 ({@code PT30S}). */
    public static Duration parseDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 500ms, 30s, 5m, 2h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
