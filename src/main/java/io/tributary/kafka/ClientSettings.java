package io.tributary.kafka;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The pass-through Kafka client settings, {@code tributary.kafka.client.<kafka-key>}, from two
 * sources: Camel's properties (property files and {@code -D}) and the environment, where
 * {@code TRIBUTARY_KAFKA_CLIENT_SASL_JAAS_CONFIG} becomes {@code sasl.jaas.config} (the rest of
 * the name in lower case, underscores turned into dots). A Kafka key that contains an underscore
 * or a dash cannot be written this way and must come as a property or {@code -D}. Precedence,
 * highest first: {@code -D}, properties, environment. ({@code -D} is read here explicitly: Camel's
 * {@code loadProperties} returns the property files and override properties, not system properties.)
 */
public final class ClientSettings {

    public static final String ENV_PREFIX = "TRIBUTARY_KAFKA_CLIENT_";

    private ClientSettings() {
    }

    /**
     * @param properties keys with the {@link KafkaSettings#CLIENT_PREFIX} prefix (others are ignored)
     * @param environment the process environment ({@code System.getenv()}), injectable for tests
     * @return Kafka client keys (without prefix) and their values
     */
    public static Map<String, Object> collect(Properties properties, Map<String, String> environment) {
        return collect(properties, new Properties(), environment);
    }

    /**
     * @param systemProperties {@code System.getProperties()}: {@code -D} wins over the other two
     */
    public static Map<String, Object> collect(Properties properties, Properties systemProperties, Map<String, String> environment) {
        Map<String, Object> out = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length() && value != null) {
                out.put(kafkaKey(name), value);
            }
        });
        for (Properties source : new Properties[] {properties, systemProperties}) {
            for (String k : source.stringPropertyNames()) {
                if (k.startsWith(KafkaSettings.CLIENT_PREFIX) && k.length() > KafkaSettings.CLIENT_PREFIX.length()) {
                    out.put(k.substring(KafkaSettings.CLIENT_PREFIX.length()), source.getProperty(k));
                }
            }
        }
        return out;
    }

    /** {@code TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL} to {@code security.protocol}. */
    static String kafkaKey(String environmentName) {
        return environmentName.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }
}
