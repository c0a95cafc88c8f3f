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
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.tributary.cli.RouteCatalogue;
import io.tributary.cli.VectorCheck;
import io.tributary.event.CanonicalEvent;
import io.tributary.mapping.EventMapping;
import io.tributary.poll.Backfill;
import io.tributary.poll.CursorPoller;
import io.tributary.poll.DeclarativePoller;
import io.tributary.webhook.SignatureScheme;
import io.tributary.webhook.Handshake;
import io.tributary.webhook.SignatureVerifier;
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
 * names the route file, route ids (templated ones too), fixtures, properties and, when it has Java,
 * its package; a provider without Java has an EventMapping that turns its fixture into events; every
 * file loads; every placeholder is declared in the file's contract and documented in docs/configuration.md or docs/providers.md;
 * webhooks verify before they ingest; only the shared routes write to Kafka.
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

    /** The file's top-level entries of one kind: route, routeTemplate, templatedRoute, beans. */
    @SuppressWarnings("unchecked")
    private static List<Object> entries(Path file, String kind) throws IOException {
        Object doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        List<Object> out = new ArrayList<>();
        for (Object item : (List<Object>) doc) {
            Map<String, Object> m = (Map<String, Object>) item;
            if (m.containsKey(kind)) {
                out.add(m.get(kind));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> routes(Path file) throws IOException {
        return entries(file, "route").stream().map(r -> (Map<String, Object>) r).collect(Collectors.toList());
    }

    private record Templated(String routeId, String template, Map<String, String> parameters) {
    }

    /** The routes a file makes from a template, each as its routeId, template and parameters. */
    @SuppressWarnings("unchecked")
    private static List<Templated> templatedRoutes(Path file) throws IOException {
        List<Templated> out = new ArrayList<>();
        for (Object t : entries(file, "templatedRoute")) {
            Map<String, Object> m = (Map<String, Object>) t;
            Map<String, String> params = new HashMap<>();
            for (Object p : (List<Object>) m.getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                params.put(String.valueOf(param.get("name")), String.valueOf(param.get("value")));
            }
            out.add(new Templated((String) m.get("routeId"), (String) m.get("routeTemplateRef"), params));
        }
        return out;
    }

    /** The templates of the shared file, by id: their route, with the template's id and parameters. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> templates() throws IOException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Object t : entries(ROUTES.resolve(CORE + ".camel.yaml"), "routeTemplate")) {
            Map<String, Object> m = (Map<String, Object>) t;
            Map<String, Object> route = new HashMap<>((Map<String, Object>) m.get("route"));
            route.put("id", m.get("id"));
            route.put("parameters", m.get("parameters"));
            out.put((String) m.get("id"), route);
        }
        return out;
    }

    /** Bean definitions of a file, by name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> beans(Path file) throws IOException {
        Map<String, Map<String, Object>> out = new HashMap<>();
        for (Object list : entries(file, "beans")) {
            for (Object b : (List<Object>) list) {
                Map<String, Object> bean = (Map<String, Object>) b;
                out.put((String) bean.get("name"), bean);
            }
        }
        return out;
    }

    /** The provider's declarative mapping bean (an EventMapping), if its file has one. */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> mapping(Path file) throws IOException {
        return beans(file).values().stream().filter(b -> EventMapping.class.getName().equals(b.get("type")))
                .map(b -> (Map<String, Object>) b.get("properties")).findFirst();
    }

    /** Route files, the shared one first: provider files use its templates. */
    private static List<Path> loadOrder() throws IOException {
        List<Path> files = new ArrayList<>(routeFiles());
        files.sort((a, b) -> Boolean.compare(!id(a).equals(CORE), !id(b).equals(CORE)));
        return files;
    }

    private static List<String> providerIds() throws IOException {
        return routeFiles().stream().map(RouteCatalogTest::id).filter(i -> !i.equals(CORE)).collect(Collectors.toList());
    }

    @Test
    void should_load_every_route_file_with_unique_ids_named_after_the_file() throws Exception {
        Map<String, Path> seen = new HashMap<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            for (Path file : loadOrder()) {
                String id = id(file);
                int before = ((ModelCamelContext) context).getRouteDefinitions().size();
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
                List<RouteDefinition> defs = ((ModelCamelContext) context).getRouteDefinitions();
                assertTrue(defs.size() > before, file + " defines no route");
                List<String> ids = new ArrayList<>();
                for (Map<String, Object> route : routes(file)) {
                    ids.add((String) route.get("id"));
                    assertTrue(route.get("description") != null, route.get("id") + " needs a description");
                }
                templatedRoutes(file).forEach(t -> ids.add(t.routeId())); // described by their template
                for (String routeId : ids) {
                    assertTrue(routeId != null && routeId.startsWith(id + "-"), file + ": route id " + routeId + " must start with " + id + "-");
                    Path other = seen.put(routeId, file);
                    assertTrue(other == null, "route id " + routeId + " is used by " + file + " and " + other);
                }
            }
            templates().values().forEach(t -> assertTrue(t.get("description") != null, "template " + t.get("id") + " needs a description"));
        }
    }

    private static Path javaPackage(String id) {
        return Path.of("src/main/java/io/tributary/providers", id.replace("-", ""));
    }

    @Test
    void should_give_each_provider_fixtures_with_their_source_and_a_normaliser_in_yaml_or_java() throws IOException {
        for (String id : providerIds()) {
            Path fixtures = Path.of("src/test/resources/providers", id);
            List<Path> files;
            try (Stream<Path> list = Files.isDirectory(fixtures) ? Files.list(fixtures) : Stream.empty()) {
                files = list.sorted().collect(Collectors.toList());
            }
            assertTrue(files.stream().anyMatch(f -> f.toString().endsWith(".json")), "provider " + id + " needs documented example fixtures in " + fixtures);
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json")) {
                    Path source = f.resolveSibling(name.replaceFirst("\\.json$", ".source.txt"));
                    assertTrue(Files.isRegularFile(source), f + " needs " + source.getFileName() + " naming where it came from");
                }
            }
            Optional<Map<String, Object>> mapping = mapping(ROUTES.resolve(id + ".camel.yaml"));
            if (mapping.isPresent()) {
                assertEquals(id, mapping.get().get("provider"), id + ": the EventMapping's provider is the file's id");
                Object fixture = mapping.get().get("fixture");
                assertTrue(fixture != null && Files.isRegularFile(fixtures.resolve(String.valueOf(fixture))),
                        id + ": the EventMapping names its fixture, a file of " + fixtures);
            } else {
                assertTrue(Files.isDirectory(javaPackage(id)), "provider " + id + " needs an EventMapping in its route file or a Java package "
                        + javaPackage(id) + " with its Normalizer");
            }
        }
    }

    @Test
    void should_run_the_new_and_the_converted_providers_from_their_route_files_alone() throws IOException {
        // GitHub, Stripe and Clerk were written as route files; Thirdfort, a seed, was converted and its Java deleted.
        for (String id : List.of("github", "stripe", "clerk", "thirdfort")) {
            assertFalse(Files.exists(javaPackage(id)), id + " has no Java package");
            assertTrue(mapping(ROUTES.resolve(id + ".camel.yaml")).isPresent(), id + " is normalised by an EventMapping");
        }
    }

    @Test
    void should_map_every_declarative_provider_s_fixture_to_events() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            for (Path file : loadOrder()) {
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            }
            Set<String> mapped = new TreeSet<>();
            for (EventMapping m : context.getRegistry().findByType(EventMapping.class)) {
                m.compile();
                List<CanonicalEvent> events = m.checkFixture(); // every declared attribute yields a value on the fixture
                assertFalse(events.isEmpty(), m.provider() + ": its fixture makes at least one event");
                mapped.add(m.provider());
            }
            Set<String> declared = new TreeSet<>();
            for (String id : providerIds()) {
                if (mapping(ROUTES.resolve(id + ".camel.yaml")).isPresent()) {
                    declared.add(id);
                }
            }
            assertEquals(declared, mapped);
        }
    }

    @Test
    void should_read_headers_only_in_mappings_whose_webhook_is_ingested_directly() throws IOException {
        // The spool keeps bodies only: a durable webhook's events cannot come from its headers.
        for (String id : providerIds()) {
            Path file = ROUTES.resolve(id + ".camel.yaml");
            Optional<Map<String, Object>> mapping = mapping(file);
            boolean readsHeaders = mapping.isPresent() && mapping.get().values().stream().anyMatch(v -> String.valueOf(v).contains("header"));
            boolean durable = Files.readString(file).contains("constant: durable")
                    || templatedRoutes(file).stream().anyMatch(t -> "durable".equals(t.parameters().get("accept")));
            assertFalse(readsHeaders && durable, file + ": a durable webhook's mapping cannot read request headers");
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
                String yaml = yaml(route);
                assertTrue(yaml.contains("name: tributaryProvider") && yaml.contains("constant: " + id),
                        route.get("id") + " must set the exchange property tributaryProvider to " + id);
            }
            for (Templated t : templatedRoutes(file)) {
                assertEquals(id, t.parameters().get("provider"), t.routeId() + ": the template's provider parameter is the file's id");
            }
        }
    }

    private static String yaml(Object node) {
        return new org.snakeyaml.engine.v2.api.Dump(org.snakeyaml.engine.v2.api.DumpSettings.builder().build()).dumpToString(node);
    }

    /** The route's steps in order, as text: the tests that rely on the poll flow's shape check it here. */
    @Test
    @SuppressWarnings("unchecked")
    void should_keep_the_poll_flow_s_shape_in_its_templates() throws IOException {
        for (String name : List.of("tributary-poll", "tributary-backfill")) {
            Map<String, Object> template = templates().get(name);
            assertTrue(template != null, "routes/" + CORE + ".camel.yaml must define the template " + name);
            String kind = name.substring(CORE.length() + 1);
            Map<String, Object> from = (Map<String, Object>) template.get("from");
            String uri = (String) from.get("uri");
            assertEquals(kind.equals("poll") ? "master:{{provider}}:timer:{{provider}}-poll" : "timer:{{provider}}-backfill", uri,
                    name + ": the live poll runs on the replica elected for the provider; a backfill where it was asked");
            assertEquals("{{tributary.poll.tick}}", ((Map<String, Object>) from.get("parameters")).get("period"));
            assertEquals("tributary-poll-errors", template.get("routeConfigurationId"), name + ": a failed poll backs off and keeps its cursor");
            assertEquals("{{enabled}}", template.get("precondition"), name + ": no credentials, no route");
            Map<String, Object> properties = new HashMap<>();
            for (Object step : (List<Object>) from.get("steps")) {
                Object set = ((Map<String, Object>) step).get("setProperty");
                if (set instanceof Map<?, ?> m) {
                    properties.put(String.valueOf(m.get("name")), m.get("constant"));
                }
            }
            assertEquals(Map.of("tributaryProvider", "{{provider}}", "tributaryChannel", "poll"), properties,
                    name + " sets tributaryProvider to the provider id and tributaryChannel to poll");
            String steps = String.valueOf(from.get("steps"));
            int at = -1;
            for (String step : List.of("method=due", "loop=", "method=fetchPage", "uri=direct:ingest", "method=commit", "method=succeeded")) {
                int next = steps.indexOf(step, at + 1);
                assertTrue(next > at, name + ": due, then fetchPage, direct:ingest and commit in a loop, then succeeded; missing or out of order: " + step);
                at = next;
            }
            // As the kamelets' validator does: every parameter used is declared, and every declared one is used.
            Set<String> declared = new TreeSet<>();
            ((List<Object>) template.get("parameters")).forEach(p -> declared.add(String.valueOf(((Map<String, Object>) p).get("name"))));
            Map<String, Object> route = new HashMap<>(template);
            route.remove("parameters");
            Set<String> used = keys(Pattern.compile("\\{\\{((?!tributary\\.)[a-zA-Z][\\w-]*)\\}\\}"), yaml(route));
            assertEquals(declared, used, name + ": its parameters");
        }
    }

    @Test
    void should_build_every_poll_route_from_the_template_with_a_poller_of_its_own_file() throws Exception {
        for (String id : providerIds()) {
            Path file = ROUTES.resolve(id + ".camel.yaml");
            for (Map<String, Object> route : routes(file)) {
                String routeId = String.valueOf(route.get("id"));
                assertFalse(routeId.endsWith("-poll") || routeId.endsWith("-backfill"),
                        routeId + ": poll and backfill routes are templatedRoutes of tributary-poll / tributary-backfill");
            }
            Map<String, Map<String, Object>> beans = beans(file);
            for (Templated t : templatedRoutes(file)) {
                if (t.template().equals("tributary-poll") || t.template().equals("tributary-backfill")) {
                    String kind = t.template().substring(CORE.length() + 1);
                    assertEquals(id + "-" + kind, t.routeId(), "metrics, health and the tests find " + kind + " routes by this id");
                    assertFalse(t.parameters().getOrDefault("enabled", "").isBlank(), t.routeId() + ": enabled by the provider's credentials");
                    String ref = t.parameters().get(kind.equals("poll") ? "poller" : "backfill");
                    Class<?> type = kind.equals("poll") ? CursorPoller.class : Backfill.class;
                    Map<String, Object> bean = beans.get(ref);
                    assertTrue(bean != null, t.routeId() + ": " + ref + " is a bean of " + file);
                    assertTrue(type.isAssignableFrom(Class.forName(String.valueOf(bean.get("type")))), t.routeId() + ": " + ref + " is a " + type.getSimpleName());
                }
            }
        }
    }

    /** The poller class of each provider's poll route, by provider id. */
    private static Map<String, String> pollerTypes() throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String id : providerIds()) {
            Path file = ROUTES.resolve(id + ".camel.yaml");
            for (Templated t : templatedRoutes(file)) {
                if (t.template().equals("tributary-poll")) {
                    out.put(id, String.valueOf(beans(file).get(t.parameters().get("poller")).get("type")));
                }
            }
        }
        return out;
    }

    @Test
    void should_keep_no_poller_class_for_a_provider_whose_poller_is_declarative() throws IOException {
        Map<String, String> pollers = pollerTypes();
        for (String converted : List.of("thirdfort", "polytomic", "alcmeon")) {
            assertEquals(DeclarativePoller.class.getName(), pollers.get(converted), converted + " polls with a poller configured in its route file");
        }
        for (Map.Entry<String, String> p : pollers.entrySet()) {
            if (!p.getValue().equals(DeclarativePoller.class.getName())) {
                continue;
            }
            Path pkg = Path.of("src/main/java/io/tributary/providers", p.getKey().replace("-", ""));
            try (Stream<Path> files = Files.exists(pkg) ? Files.list(pkg) : Stream.empty()) {
                List<String> coded = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith("Poller.java")).toList();
                assertTrue(coded.isEmpty(), p.getKey() + "'s poller is declarative, yet its package still has " + coded);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_verify_every_webhook_before_anything_reads_it() throws Exception {
        for (Path file : routeFiles()) {
            for (Templated t : templatedRoutes(file)) {
                assertTrue(templates().containsKey(t.template()), t.routeId() + ": no template " + t.template() + " in routes/" + CORE + ".camel.yaml");
                String verifier = t.parameters().get("verifier");
                if (verifier != null) {
                    Map<String, Object> bean = beans(file).get(verifier);
                    assertTrue(bean != null, t.routeId() + ": the verifier " + verifier + " is a bean of " + file);
                    assertTrue(SignatureVerifier.class.isAssignableFrom(Class.forName(String.valueOf(bean.get("type")))),
                            t.routeId() + ": " + verifier + " is a SignatureVerifier");
                }
            }
            List<Map<String, Object>> checked = new ArrayList<>(routes(file));
            if (id(file).equals(CORE)) {
                checked.addAll(templates().values());
            }
            for (Map<String, Object> route : checked) {
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
                    // a bean's verify method, or the template's verifier as a processor (SignatureVerifier.process)
                    if (step.contains("method=verify") || step.contains("process={ref={{verifier}}}")) {
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

    /**
     * Every provider verified by a {@link SignatureScheme} has signature vectors (published ones, or
     * made by the provider's SDK: {@code vectors/generate.cjs} says which) in
     * {@code src/test/resources/providers/<id>/vectors/vectors.json}: each verifies with the bean of
     * the route file, and fails once one byte of its body is changed (of its token, for a scheme
     * that signs nothing; of its {@code tamper} text, for a scheme that signs body fields only or
     * whose token is a body field).
     */
    @Test
    void should_verify_every_provider_s_signature_vectors_and_refuse_them_tampered() throws Exception {
        Set<String> checked = new TreeSet<>();
        Map<String, RouteCatalogue.RouteFile> files = new HashMap<>();
        RouteCatalogue.files(ROUTES).forEach(f -> files.put(f.id(), f));
        for (String id : providerIds()) {
            Path file = ROUTES.resolve(id + ".camel.yaml");
            Path vectors = Path.of("src/test/resources/providers", id, "vectors", "vectors.json");
            boolean scheme = false;
            for (Map<String, Object> b : beans(file).values()) {
                scheme |= SignatureScheme.class.isAssignableFrom(Class.forName(String.valueOf(b.get("type"))));
            }
            if (!Files.exists(vectors)) {
                assertFalse(scheme, id + ": a provider verified by a SignatureScheme needs " + vectors);
                continue;
            }
            String verifierName = templatedRoutes(file).stream().map(t -> t.parameters().get("verifier")).filter(v -> v != null).findFirst()
                    .orElseThrow(() -> new AssertionError(id + ": no webhook templatedRoute names a verifier"));
            try {
                VectorCheck.run(vectors, verifierName, files.get(CORE), files.get(id));
            } catch (IllegalArgumentException e) {
                fail(id + " " + e.getMessage());
            }
            checked.add(id);
        }
        assertTrue(checked.containsAll(List.of("github", "stripe", "clerk", "thirdfort", "shopify", "discord", "sendgrid",
                "slack", "twilio", "zoom", "twitch", "okta", "microsoft-graph", "adyen")), "vectors of " + checked);
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_build_every_webhook_from_the_shared_template_with_its_pieces_in_its_own_file() throws Exception {
        for (String id : providerIds()) {
            Path file = ROUTES.resolve(id + ".camel.yaml");
            for (Map<String, Object> route : routes(file)) {
                Map<String, Object> from = (Map<String, Object>) route.get("from");
                if (String.valueOf(from.get("uri")).startsWith("platform-http:")) {
                    fail(file + ": the webhook route " + route.get("id")
                            + " copies the shared flow; make it a templatedRoute of tributary-webhook (handshake, steps, accepted, contentTypes...)");
                }
            }
            Map<String, Map<String, Object>> beans = beans(file);
            Set<String> directs = new TreeSet<>();
            routes(file).forEach(r -> directs.add(String.valueOf(((Map<String, Object>) r.get("from")).get("uri"))));
            for (Templated t : templatedRoutes(file)) {
                if (!t.template().equals("tributary-webhook")) {
                    continue;
                }
                assertEquals(id + "-webhook", t.routeId(), "metrics and health find webhook routes by this id");
                String handshake = t.parameters().get("handshake");
                if (handshake != null) {
                    assertTrue(beans.containsKey(handshake) && Handshake.class.getName().equals(beans.get(handshake).get("type")),
                            t.routeId() + ": the handshake " + handshake + " is an io.tributary.webhook.Handshake bean of " + file);
                }
                for (String point : List.of("steps", "accepted")) {
                    String uri = t.parameters().get(point);
                    if (uri != null) {
                        assertTrue(directs.contains(uri), t.routeId() + ": its " + point + " " + uri + " are a route of " + file);
                    }
                }
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
        for (Map<String, Object> template : templates().values()) {
            if (writesToKafka(template.get("from"))) {
                writers.add((String) template.get("id"));
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
                if ((e.getKey().equals("bean") || e.getKey().equals("process")) && e.getValue() instanceof Map<?, ?> step && "inbox".equals(step.get("ref"))) {
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
                continue; // global settings only, checked against the docs below
            }
            String own = "tributary." + id(file) + ".";
            used.removeIf(k -> !k.startsWith(own)); // global settings (tributary.poll.tick, ...) are documented in docs/configuration.md
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
    void should_document_every_setting_in_the_configuration_reference() throws IOException {
        // the settings tables: docs/configuration.md, and each provider's in docs/providers.md
        String readme = Files.readString(Path.of("docs/configuration.md")) + Files.readString(Path.of("docs/providers.md"));
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
            fail("docs/configuration.md and docs/providers.md do not document these settings (as `key` in a table): " + missing);
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
