package io.tributary.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The topics Tributary must find at start when {@code tributary.kafka.create-topics=false}:
 * the inbox, the cursors, the dead letters, and the events topic of every configured provider.
 * A provider is one route file {@code <provider>.camel.yaml} of the routes directory; it is
 * configured when any {@code tributary.<provider>.*} key is set (property, {@code -D} or
 * {@code TRIBUTARY_<PROVIDER>_*} environment variable).
 */
public final class RequiredTopics {

    private RequiredTopics() {
    }

    /**
     * @param propertyKeys  every {@code tributary.*} key set in properties or {@code -D}
     * @param environment   the process environment
     * @param topicSetting  (key, default) → value, to read {@code tributary.<provider>.topic}
     */
    public static List<String> of(KafkaSettings kafka, Path routesDir, Set<String> propertyKeys, Map<String, String> environment,
                                  BiFunction<String, String, String> topicSetting) {
        List<String> topics = new ArrayList<>(List.of(kafka.inboxTopic(), kafka.cursorTopic(), kafka.deadLetterTopic()));
        for (String provider : providers(routesDir)) {
            if (configured(provider, propertyKeys, environment)) {
                topics.add(topicSetting.apply("tributary." + provider + ".topic", "tributary.events." + provider));
            }
        }
        return topics.stream().distinct().toList();
    }

    static List<String> providers(Path routesDir) {
        if (!Files.isDirectory(routesDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(routesDir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".camel.yaml"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length()))
                    .filter(p -> !p.equals("tributary"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the routes directory " + routesDir, e);
        }
    }

    static boolean configured(String provider, Set<String> propertyKeys, Map<String, String> environment) {
        String prefix = "tributary." + provider + ".";
        String envPrefix = "TRIBUTARY_" + provider.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_";
        return propertyKeys.stream().anyMatch(k -> k.startsWith(prefix))
                || environment.keySet().stream().anyMatch(k -> k.startsWith(envPrefix));
    }
}
