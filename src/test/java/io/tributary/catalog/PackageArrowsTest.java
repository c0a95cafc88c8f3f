package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Arrows point one way: providers use the shared packages, never the other way round. */
class PackageArrowsTest {

    private static final Path MAIN = Path.of("src/main/java/io/tributary");

    /** The files of {@code pkg} (and its subpackages) that import any of {@code forbidden}. */
    private static TreeSet<String> importing(String pkg, List<String> forbidden) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                forbidden.stream().filter(p -> text.contains("import io.tributary." + p + ".")).forEach(p -> out.add(f.getFileName() + " -> " + p));
            }
        }
        return out;
    }

    @Test
    void should_keep_provider_calls_free_of_providers_and_pollers() throws IOException {
        TreeSet<String> wrong = importing("http", List.of("providers", "poll", "webhook", "spool", "kafka", "cluster", "sandbox"));
        assertTrue(wrong.isEmpty(), "io.tributary.http serves providers and pollers and depends on neither: " + wrong);
    }

    @Test
    void should_keep_pollers_free_of_providers() throws IOException {
        TreeSet<String> wrong = importing("poll", List.of("providers", "sandbox"));
        assertTrue(wrong.isEmpty(), "io.tributary.poll knows no provider: they are configured in route files: " + wrong);
    }
}
