package io.tributary.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Tributary's settings as seen before Camel starts (the sandbox, the guard and {@code tail} need
 * them then): {@code -D} system properties, then environment variables
 * ({@code tributary.x.y-z} -> {@code TRIBUTARY_X_Y_Z}), then {@code application.properties}.
 */
public final class LaunchConfig {

    private final Map<String, String> env;
    private final Properties system;
    private final Properties defaults = new Properties();

    public LaunchConfig(Properties system, Map<String, String> env) {
        this.system = system;
        this.env = env;
        try (InputStream in = LaunchConfig.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                defaults.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LaunchConfig current() {
        return new LaunchConfig(System.getProperties(), System.getenv());
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value the user gave explicitly: a {@code -D} property or an environment variable. */
    public Optional<String> explicit(String key) {
        String v = system.getProperty(key);
        if (v == null) {
            v = env.get(envName(key));
        }
        return Optional.ofNullable(v).filter(s -> !s.isBlank());
    }

    public String get(String key, String fallback) {
        return explicit(key).orElseGet(() -> defaults.getProperty(key, fallback).trim());
    }

    /** Every explicitly given key with this prefix (environment names mapped back to lower case with dots). */
    public Map<String, String> explicitWithPrefix(String prefix) {
        Map<String, String> out = new java.util.TreeMap<>();
        String envPrefix = envName(prefix);
        env.forEach((k, v) -> {
            if (k.startsWith(envPrefix)) {
                out.put(k, v);
            }
        });
        system.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(k -> out.put(k, system.getProperty(k)));
        return out;
    }

    /** Where Kafka is: the configured cluster, else the embedded broker's address. */
    public String bootstrapServers() {
        return explicit("tributary.kafka.bootstrap-servers")
                .orElseGet(() -> "127.0.0.1:" + get("tributary.kafka.embedded-port", "9092"));
    }
}
