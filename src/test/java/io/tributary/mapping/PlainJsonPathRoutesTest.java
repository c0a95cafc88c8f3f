package io.tributary.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.tributary.event.CanonicalEvent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route file's mapping makes, from its fixture, the same events as the same file with each
 * plain {@code jsonpath:$.a.b} spelt {@code $['a']['b']}, which MappedValue leaves to Camel: the
 * fast path changes no route's events.
 */
class PlainJsonPathRoutesTest {

    /** A plain part as MappedValue takes it: not followed by more path. */
    private static final Pattern PLAIN = Pattern.compile("jsonpath:\\$((?:\\.[A-Za-z0-9_-]+)+)(?![A-Za-z0-9_.\\[(*-])");

    @TempDir
    Path bracketed;

    private static List<Path> routeFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            // the shared file first: provider files use its templates
            return s.filter(p -> p.toString().endsWith(".camel.yaml"))
                    .sorted((a, b) -> a.endsWith("tributary.camel.yaml") ? -1 : b.endsWith("tributary.camel.yaml") ? 1 : a.compareTo(b))
                    .toList();
        }
    }

    /** provider → its fixture's events, each as one line of text. */
    private static Map<String, List<String>> events(Path routes) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            for (Path file : routeFiles(routes)) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            }
            for (EventMapping m : context.getRegistry().findByType(EventMapping.class)) {
                m.compile();
                List<String> lines = new ArrayList<>();
                for (CanonicalEvent e : m.checkFixture()) {
                    lines.add(String.join(" | ", e.id(), e.source(), e.type(), String.valueOf(e.subject()), String.valueOf(e.time()),
                            new String(e.data(), StandardCharsets.UTF_8), e.channel().id()));
                }
                out.put(m.provider(), lines);
            }
        }
        return out;
    }

    @Test
    void should_map_every_route_file_s_fixture_as_camel_alone_does() throws Exception {
        int rewritten = 0;
        for (Path file : routeFiles(Path.of("routes"))) {
            Matcher m = PLAIN.matcher(Files.readString(file));
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String brackets = "jsonpath:$['" + String.join("']['", m.group(1).substring(1).split("\\.")) + "']";
                m.appendReplacement(out, Matcher.quoteReplacement(brackets));
                rewritten++;
            }
            m.appendTail(out);
            Files.writeString(bracketed.resolve(file.getFileName()), out);
        }
        assertTrue(rewritten > 100, rewritten + " plain parts rewritten");
        Map<String, List<String>> fast = events(Path.of("routes"));
        assertTrue(fast.size() > 20, fast.keySet() + " mapped");
        assertEquals(events(bracketed), fast);
    }
}
