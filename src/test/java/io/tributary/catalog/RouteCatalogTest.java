package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Enforces the conventions that let users add a provider with a route file: one kebab-case id
 * names the route file, route ids, Java package, fixtures and properties; every file loads; every
 * placeholder is declared in the file's contract and documented in the README; webhooks verify
 * before they ingest; only the shared routes write to Kafka.
 */
class RouteCatalogTest {

    private static final Path ROUTES = Path.of("routes");
    private static final String CORE = "tributary";
    private static final Pattern FILE = Pattern.compile("([a-z0-9]+(?:-[a-z0-9]+)*)\\.camel\\.yaml");
    private static final Pattern PLACEHOLDER = Pattern.compile("(?:\\{\\{\\??|\\$\\{properties:)(tributary\\.[a-z0-9.-]*[a-z0-9])");
    private static final Pattern CONTRACT_LINE = Pattern.compile("^#\\s+(tributary\\.[a-z0-9.-]*[a-z0-9])\\s", Pattern.MULTILINE);
    private static final Pattern JAVA_KEY = Pattern.compile("(?:optional|string|integer|duration)\\(\"(tributary\\.[a-z0-9.-]*[a-z0-9])\"");

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> s = Files.list(ROUTES)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        }
    }

    private static String id(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        assertTrue(m.matches(), file + " must be named <kebab-case-id>.camel.yaml");
        return m.group(1);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> routes(Path file) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        List<Map<String, Object>> routes = new ArrayList<>();
        for (Object item : (List<Object>) doc) {
            Map<String, Object> m = (Map<String, Object>) item;
            if (m.containsKey("route")) {
                routes.add((Map<String, Object>) m.get("route"));
            }
        }
        return routes;
    }

    private static List<String> providerIds() throws IOException {
        return routeFiles().stream().map(RouteCatalogTest::id).filter(i -> !i.equals(CORE)).collect(Collectors.toList());
    }

    @Test
    void should_load_every_route_file_with_unique_ids_named_after_the_file() throws Exception {
        Map<String, Path> seen = new HashMap<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            for (Path file : routeFiles()) {
                String id = id(file);
                int before = ((ModelCamelContext) context).getRouteDefinitions().size();
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
                List<RouteDefinition> defs = ((ModelCamelContext) context).getRouteDefinitions();
                assertTrue(defs.size() > before, file + " defines no route");
                for (Map<String, Object> route : routes(file)) {
                    String routeId = (String) route.get("id");
                    assertTrue(routeId != null && routeId.startsWith(id + "-"), file + ": route id " + routeId + " must start with " + id + "-");
                    Path other = seen.put(routeId, file);
                    assertTrue(other == null, "route id " + routeId + " is used by " + file + " and " + other);
                    assertTrue(route.get("description") != null, routeId + " needs a description");
                }
            }
        }
    }

    @Test
    void should_give_each_provider_a_java_package_and_fixtures() throws IOException {
        for (String id : providerIds()) {
            Path pkg = Path.of("src/main/java/io/tributary/providers", id.replace("-", ""));
            assertTrue(Files.isDirectory(pkg), "provider " + id + " needs its Java package " + pkg);
            Path fixtures = Path.of("src/test/resources/providers", id);
            assertTrue(Files.isDirectory(fixtures) && Files.list(fixtures).findAny().isPresent(),
                    "provider " + id + " needs documented example fixtures in " + fixtures);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_tag_every_provider_route_with_its_provider_id() throws IOException {
        for (Path file : routeFiles()) {
            String id = id(file);
            if (id.equals(CORE)) {
                continue;
            }
            for (Map<String, Object> route : routes(file)) {
                String yaml = new org.snakeyaml.engine.v2.api.Dump(org.snakeyaml.engine.v2.api.DumpSettings.builder().build()).dumpToString(route);
                assertTrue(yaml.contains("name: tributaryProvider") && yaml.contains("constant: " + id),
                        route.get("id") + " must set the exchange property tributaryProvider to " + id);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_verify_every_webhook_before_anything_reads_it() throws IOException {
        for (Path file : routeFiles()) {
            for (Map<String, Object> route : routes(file)) {
                Map<String, Object> from = (Map<String, Object>) route.get("from");
                if (!String.valueOf(from.get("uri")).startsWith("platform-http:")) {
                    continue;
                }
                assertTrue(route.get("precondition") != null, route.get("id") + ": a webhook route exists only when its secret is configured");
                List<Object> steps = (List<Object>) from.get("steps");
                int verify = -1;
                int handOff = -1;
                for (int i = 0; i < steps.size(); i++) {
                    String step = steps.get(i).toString();
                    if (step.contains("method=verify")) {
                        verify = verify < 0 ? i : verify;
                    }
                    if (step.contains("uri=direct:") && handOff < 0) {
                        handOff = i;
                    }
                }
                assertTrue(verify >= 0 && handOff > verify, route.get("id") + ": the signature must be verified before the delivery is handed on");
            }
        }
    }

    @Test
    void should_let_only_the_shared_routes_write_to_kafka() throws IOException {
        Set<String> writers = new TreeSet<>();
        for (Path file : routeFiles()) {
            for (Map<String, Object> route : routes(file)) {
                if (writesToKafka(route.get("from"))) {
                    writers.add((String) route.get("id"));
                }
            }
        }
        assertEquals(Set.of("tributary-publish", "tributary-deadletter"), writers,
                "provider routes hand events to direct:ingest; only the shared routes write to Kafka");
    }

    @SuppressWarnings("unchecked")
    private static boolean writesToKafka(Object node) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if ((e.getKey().equals("to") || e.getKey().equals("toD")) && uri(e.getValue()).startsWith("kafka:")) {
                    return true;
                }
                if (e.getKey().equals("bean") && e.getValue() instanceof Map<?, ?> bean && "inbox".equals(bean.get("ref"))) {
                    return true; // the inbox producer: the one way into the exactly-once core
                }
                if (writesToKafka(e.getValue())) {
                    return true;
                }
            }
        } else if (node instanceof List<?> list) {
            return list.stream().anyMatch(RouteCatalogTest::writesToKafka);
        }
        return false;
    }

    private static String uri(Object to) {
        return to instanceof Map<?, ?> m ? String.valueOf(m.get("uri")) : String.valueOf(to);
    }

    @Test
    void should_declare_every_placeholder_in_the_route_contract_and_use_every_declared_one() throws IOException {
        for (Path file : routeFiles()) {
            String text = Files.readString(file);
            Set<String> used = keys(PLACEHOLDER, text);
            if (id(file).equals(CORE)) {
                continue; // global settings only, checked against the README below
            }
            String own = "tributary." + id(file) + ".";
            used.removeIf(k -> !k.startsWith(own)); // global settings (tributary.poll.tick, ...) are documented in the README
            Set<String> declared = keys(CONTRACT_LINE, text);
            Set<String> topicKey = Set.of("tributary." + id(file) + ".topic");
            Set<String> undeclared = new TreeSet<>(used);
            undeclared.removeAll(declared);
            Set<String> unused = new TreeSet<>(declared);
            unused.removeAll(used);
            unused.removeAll(topicKey); // read by the shared publish route for every provider
            assertTrue(undeclared.isEmpty(), file + " uses placeholders missing from its contract comment: " + undeclared);
            assertTrue(unused.isEmpty(), file + " declares settings it never uses: " + unused);
            assertTrue(declared.containsAll(topicKey), file + " must declare " + topicKey);
        }
    }

    @Test
    void should_document_every_setting_in_the_readme() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Set<String> keys = new TreeSet<>();
        for (Path file : routeFiles()) {
            keys.addAll(keys(PLACEHOLDER, Files.readString(file)));
            keys.addAll(keys(CONTRACT_LINE, Files.readString(file)));
        }
        keys.addAll(keys(Pattern.compile("\\{\\{(tributary\\.[a-z0-9.-]*[a-z0-9])\\}\\}"), Files.readString(Path.of("src/main/resources/application.properties"))));
        try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            for (Path p : java.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                keys.addAll(keys(JAVA_KEY, Files.readString(p)));
            }
        }
        Set<String> missing = keys.stream().filter(k -> !readme.contains("`" + k + "`")).collect(Collectors.toCollection(TreeSet::new));
        if (!missing.isEmpty()) {
            fail("README.md does not document these settings (as `key` in a table): " + missing);
        }
    }

    private static Set<String> keys(Pattern p, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
