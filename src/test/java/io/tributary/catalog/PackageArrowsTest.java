package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import org.junit.jupiter.api.Test;

/**
 * The packages' arrows point one way (providers and the edge → event → core → kafka): no package
 * cycle, and the lower packages never reach up. Read from the compiled classes by the JDK's own jdeps.
 */
class PackageArrowsTest {

    private static final Pattern EDGE = Pattern.compile("^\\s*(io\\.tributary[\\w.]*)\\s+->\\s+(io\\.tributary[\\w.]*)\\s", Pattern.MULTILINE);

    private static Map<String, Set<String>> edges() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none", "target/classes");
        assertEquals(0, rc, "jdeps failed");
        Map<String, Set<String>> g = new HashMap<>();
        Matcher m = EDGE.matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2))) {
                g.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return g;
    }

    @Test
    void should_have_no_package_cycle() {
        Map<String, Set<String>> g = edges();
        assertTrue(g.containsKey("io.tributary.core"), "jdeps found the packages: " + g.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : g.keySet()) {
            if (reaches(g, start, start, new HashSet<>())) {
                cycles.add(start);
            }
        }
        assertEquals(List.of(), cycles, "packages on a cycle; arrows: " + g);
    }

    @Test
    void should_keep_the_core_and_the_packages_below_it_free_of_the_edge_and_the_providers() {
        Map<String, Set<String>> g = edges();
        // What each lower package may use: providers and the edge -> event -> core -> kafka, with
        // config and loop underneath everything. Anything else is an arrow pointing up.
        Map<String, Set<String>> allowed = Map.of(
                "io.tributary.kafka", Set.of("io.tributary.config"),
                "io.tributary.core", Set.of("io.tributary.kafka", "io.tributary.config"),
                "io.tributary.event", Set.of("io.tributary.core", "io.tributary.kafka", "io.tributary.config"),
                "io.tributary.cluster", Set.of("io.tributary.core", "io.tributary.kafka", "io.tributary.config", "io.tributary.loop"),
                "io.tributary.http", Set.of("io.tributary.event", "io.tributary.config", "io.tributary.loop"),
                "io.tributary.config", Set.of(),
                "io.tributary.loop", Set.of("io.tributary.config"));
        assertTrue(g.getOrDefault("io.tributary.core", Set.of()).contains("io.tributary.kafka"), "the core runs on kafka: " + g.get("io.tributary.core"));
        for (Map.Entry<String, Set<String>> low : allowed.entrySet()) {
            Set<String> wrong = new TreeSet<>(g.getOrDefault(low.getKey(), Set.of()));
            wrong.removeAll(low.getValue());
            assertEquals(Set.of(), wrong, low.getKey() + " depends on packages above it");
        }
    }

    @Test
    void should_keep_provider_calls_free_of_providers_and_pollers() {
        Set<String> wrong = new TreeSet<>(edges().getOrDefault("io.tributary.http", Set.of()));
        wrong.retainAll(Set.of("io.tributary.providers", "io.tributary.poll", "io.tributary.webhook", "io.tributary.spool",
                "io.tributary.kafka", "io.tributary.cluster", "io.tributary.sandbox"));
        assertTrue(wrong.isEmpty(), "io.tributary.http serves providers and pollers and depends on neither: " + wrong);
    }

    @Test
    void should_keep_pollers_free_of_providers() {
        List<String> wrong = edges().getOrDefault("io.tributary.poll", Set.of()).stream()
                .filter(p -> p.startsWith("io.tributary.providers") || p.startsWith("io.tributary.sandbox")).toList();
        assertTrue(wrong.isEmpty(), "io.tributary.poll knows no provider: they are configured in route files: " + wrong);
    }

    private static boolean reaches(Map<String, Set<String>> g, String from, String target, Set<String> seen) {
        for (String next : g.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(g, next, target, seen))) {
                return true;
            }
        }
        return false;
    }
}
