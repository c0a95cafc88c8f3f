package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.tributary.event.Channel;
import io.tributary.webhook.SignatureVerifier;
import io.tributary.webhook.WebhookRejectedException.Reason;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/openapi.yaml and docs/asyncapi.yaml describe what the code does: every webhook route has
 * its path with the verifier's signature headers and every answer WebhookIntake can give; every
 * provider has its events channel; the CloudEvent and dead-letter descriptions carry the attributes
 * and headers the code writes. (CI also runs the official parsers, see .ci/validate-manifests.)
 */
@SuppressWarnings("unchecked")
class InterfaceDocsTest {

    private static final Pattern WEBHOOK_URI = Pattern.compile("platform-http:(/webhooks/[a-z0-9-]+)");

    private static Map<String, Object> load(String file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(Path.of(file)));
    }

    private static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = cur == null ? null : ((Map<String, Object>) cur).get(p);
        }
        return cur == null ? Map.of() : (Map<String, Object>) cur;
    }

    /** provider id -> route file, for every provider route file. */
    private static Map<String, Path> providerRouteFiles() throws IOException {
        Map<String, Path> files = new TreeMap<>();
        try (var list = Files.list(Path.of("routes"))) {
            for (Path f : list.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                String id = f.getFileName().toString().replace(".camel.yaml", "");
                if (!id.equals("tributary")) {
                    files.put(id, f);
                }
            }
        }
        assertTrue(files.size() >= 8, "the providers' route files: " + files.keySet());
        return files;
    }

    /**
     * The headers the verifier beans of a route file need: each SignatureVerifier bean is built with
     * the file's literal properties (placeholders, i.e. secrets, left out) and asked for its headers().
     */
    private static Set<String> signatureHeaders(Path routeFile) throws Exception {
        Set<String> headers = new TreeSet<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            for (Object doc : (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(routeFile))) {
                for (Object bean : (List<Object>) ((Map<String, Object>) doc).getOrDefault("beans", List.of())) {
                    Map<String, Object> b = (Map<String, Object>) bean;
                    Class<?> type = Class.forName(String.valueOf(b.get("type")));
                    if (!SignatureVerifier.class.isAssignableFrom(type)) {
                        continue;
                    }
                    Map<String, Object> literal = new HashMap<>();
                    map(b, "properties").forEach((k, v) -> {
                        // A setting with a default (Okta's header: {{tributary.okta.auth-header:Authorization}}) is read as its default.
                        String text = String.valueOf(v).replaceAll("\\{\\{tributary\\.[a-z0-9.-]+:([^}]*)}}", "$1");
                        if (!text.contains("{{")) {
                            literal.put(k, text);
                        }
                    });
                    Object verifier = type.getConstructor().newInstance();
                    PropertyBindingSupport.build().bind(context, verifier, literal);
                    ((SignatureVerifier) verifier).headers().forEach(h -> headers.add(h.toLowerCase()));
                }
            }
        }
        return headers;
    }

    /** The content types a route file's webhook accepts: its template parameter contentTypes, else JSON. */
    private static Set<String> contentTypes(Path routeFile) throws IOException {
        for (Object doc : (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(routeFile))) {
            for (Object p : (List<Object>) map(doc, "templatedRoute").getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                if ("contentTypes".equals(param.get("name"))) {
                    return new TreeSet<>(Arrays.asList(String.valueOf(param.get("value")).split("\\s*,\\s*")));
                }
            }
        }
        return Set.of("application/json");
    }

    /** The webhook paths of a route file: its platform-http routes, and its routes made from a template. */
    private static Set<String> webhookPaths(Path routeFile) throws IOException {
        Set<String> paths = new TreeSet<>();
        Matcher m = WEBHOOK_URI.matcher(Files.readString(routeFile));
        while (m.find()) {
            paths.add(m.group(1));
        }
        Map<String, String> templateUris = new HashMap<>();
        for (Object doc : (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(Path.of("routes/tributary.camel.yaml")))) {
            Map<String, Object> t = map(doc, "routeTemplate");
            if (!t.isEmpty()) {
                templateUris.put(String.valueOf(t.get("id")), String.valueOf(map(t, "route", "from").get("uri")));
            }
        }
        for (Object doc : (List<Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(routeFile))) {
            Map<String, Object> t = map(doc, "templatedRoute");
            String uri = templateUris.get(String.valueOf(t.get("routeTemplateRef")));
            if (uri == null) {
                continue;
            }
            for (Object p : (List<Object>) t.getOrDefault("parameters", List.of())) {
                Map<String, Object> param = (Map<String, Object>) p;
                uri = uri.replace("{{" + param.get("name") + "}}", String.valueOf(param.get("value")));
            }
            Matcher path = WEBHOOK_URI.matcher(uri);
            if (path.find()) {
                paths.add(path.group(1));
            }
        }
        return paths;
    }

    @Test
    void should_describe_every_webhook_route_with_its_signature_headers_and_statuses() throws Exception {
        Map<String, Object> api = load("docs/openapi.yaml");
        assertTrue(String.valueOf(api.get("openapi")).startsWith("3."), "OpenAPI 3");
        assertTrue(map(api, "info").get("title") != null && map(api, "info").get("version") != null);
        Map<String, Object> paths = map(api, "paths");
        assertTrue(!paths.isEmpty());

        Set<String> routed = new TreeSet<>();
        for (Map.Entry<String, Path> e : providerRouteFiles().entrySet()) {
            for (String path : webhookPaths(e.getValue())) {
                routed.add(path);
                Map<String, Object> post = map(paths, path, "post");
                assertTrue(!post.isEmpty(), "docs/openapi.yaml has POST " + path + " (from " + e.getValue() + ")");
                Set<String> documented = new TreeSet<>();
                for (Object p : (List<Object>) post.getOrDefault("parameters", List.of())) {
                    Map<String, Object> param = (Map<String, Object>) p;
                    if ("header".equals(param.get("in"))) {
                        documented.add(String.valueOf(param.get("name")).toLowerCase());
                        assertEquals(Boolean.TRUE, param.get("required"), param.get("name") + " is required");
                    }
                }
                Set<String> verified = signatureHeaders(e.getValue());
                boolean signatureInBody = Files.readString(e.getValue()).contains("signature: field:"); // Mailgun
                assertTrue(!verified.isEmpty() || signatureInBody, e.getValue() + " verifies a signature header");
                assertEquals(verified, documented, "the signature headers of " + path);
                assertEquals(contentTypes(e.getValue()), map(post, "requestBody", "content").keySet(), path + ": the content types its route accepts");
                assertEquals(Set.of("200", "400", "401", "413", "415", "503"), map(post, "responses").keySet(), path);
            }
        }
        assertEquals(routed, paths.keySet(), "the documented paths are exactly the routed webhooks");
    }

    private static Map<String, Object> resolve(Map<String, Object> api, Map<String, Object> maybeRef) {
        Object ref = maybeRef.get("$ref");
        if (ref == null) {
            return maybeRef;
        }
        String[] parts = String.valueOf(ref).replaceFirst("^#/", "").split("/");
        return map(api, parts);
    }

    private static Set<String> errorExamples(Map<String, Object> api, Map<String, Object> response) {
        Map<String, Object> json = map(resolve(api, response), "content", "application/json");
        Set<String> values = new TreeSet<>();
        for (Object ex : map(json, "examples").values()) {
            Map<String, Object> value = map(ex, "value");
            values.add(String.valueOf(value.containsKey("error") ? value.get("error") : value.get("status")));
        }
        return values;
    }

    @Test
    void should_give_each_status_the_bodies_webhook_intake_writes() throws IOException {
        Map<String, Object> api = load("docs/openapi.yaml");
        Map<String, Object> responses = map(api, "paths", "/webhooks/thirdfort", "post", "responses");
        // WebhookIntake.reject answers {"error": reason label} with the reason's status.
        Map<String, Set<String>> byStatus = new TreeMap<>();
        for (Reason r : Reason.values()) {
            if (r == Reason.BAD_VERIFY_TOKEN || r == Reason.METHOD_NOT_ALLOWED) {
                continue; // a handshake's GET: documented on the GET of a provider that has one (below)
            }
            byStatus.computeIfAbsent(String.valueOf(r.status), k -> new TreeSet<>()).add(r.label());
        }
        byStatus.get("503").addAll(Set.of("unavailable", "spool_full", "timeout")); // WebhookIntake.unavailable and the request timeout
        byStatus.put("200", Set.of("accepted", "dead-lettered"));
        byStatus.forEach((status, bodies) -> assertEquals(bodies, errorExamples(api, map(responses, status)),
                "examples of " + status));

        Map<String, Object> handshake = map(api, "paths", "/webhooks/whatsapp", "get", "responses");
        assertEquals(Set.of("bad_verify_token"), errorExamples(api, map(handshake, "403")));
        assertEquals(Set.of("method_not_allowed"), errorExamples(api, map(handshake, "405")));

        List<String> errorEnum = (List<String>) map(api, "components", "schemas", "Error", "properties", "error").get("enum");
        List<String> expected = new ArrayList<>(Arrays.stream(Reason.values()).map(Reason::label).toList());
        expected.addAll(List.of("unavailable", "spool_full", "timeout"));
        assertEquals(new TreeSet<>(expected), new TreeSet<>(errorEnum), "the error values are the rejection reasons and the 503 causes");
    }

    @Test
    void should_describe_a_channel_per_provider_with_the_cloud_event_the_writer_produces() throws IOException {
        Map<String, Object> api = load("docs/asyncapi.yaml");
        assertTrue(String.valueOf(api.get("asyncapi")).matches("(2\\.6|3\\.[01])\\.\\d+"), "AsyncAPI 2.6 or 3.x");
        assertTrue(map(api, "info").get("title") != null && map(api, "info").get("version") != null);
        Map<String, Object> channels = map(api, "channels");
        Set<String> addresses = channels.values().stream()
                .map(c -> String.valueOf(((Map<String, Object>) c).get("address"))).collect(Collectors.toSet());
        for (String provider : providerRouteFiles().keySet()) {
            assertTrue(addresses.contains("tributary.events." + provider), "a channel for tributary.events." + provider);
        }
        assertTrue(addresses.contains("tributary.deadletter"));

        Map<String, Object> schema = map(api, "components", "schemas", "CloudEvent");
        Set<String> properties = map(schema, "properties").keySet();
        assertTrue(((List<String>) schema.get("required")).containsAll(List.of("specversion", "id", "source", "type")),
                "the CloudEvents required attributes");
        String writer = Files.readString(Path.of("src/main/java/io/tributary/event/CloudEventWriter.java"));
        Matcher ext = Pattern.compile("withExtension\\(\"([a-z0-9]+)\"").matcher(writer);
        int extensions = 0;
        while (ext.find()) {
            extensions++;
            assertTrue(properties.contains(ext.group(1)), "the schema has the extension " + ext.group(1));
        }
        assertTrue(extensions >= 3);
        Set<String> channelIds = Arrays.stream(Channel.values()).map(Channel::id).collect(Collectors.toSet());
        assertEquals(channelIds, new TreeSet<>((List<String>) map(schema, "properties", "channel").get("enum")));
        assertEquals(providerRouteFiles().keySet(), new TreeSet<>((List<String>) map(schema, "properties", "provider").get("enum")));

        Map<String, Object> message = map(api, "components", "messages", "CloudEvent");
        assertEquals("application/cloudevents+json", message.get("contentType"));
        Map<String, Object> example = map(((List<Object>) message.get("examples")).get(0), "payload");
        assertTrue(example.keySet().containsAll((List<String>) schema.get("required")), "the example has every required attribute");
        assertTrue(properties.containsAll(example.keySet()), "the example uses only described attributes");
    }

    @Test
    void should_describe_the_dead_letter_headers_the_code_writes() throws IOException {
        Map<String, Object> api = load("docs/asyncapi.yaml");
        Map<String, Object> headers = map(api, "components", "messages", "DeadLetter", "headers");
        Set<String> written = new TreeSet<>();
        Matcher m = Pattern.compile("setHeader\\(\"(tributary-[a-z-]+)\"")
                .matcher(Files.readString(Path.of("src/main/java/io/tributary/deadletter/DeadLetters.java")));
        while (m.find()) {
            written.add(m.group(1));
        }
        assertEquals(8, written.size(), "DeadLetters writes eight headers: " + written);
        assertEquals(written, map(headers, "properties").keySet());
        // Only redrive writes these two, on a dead letter it wrote again; every other header is always there.
        Set<String> always = new TreeSet<>(written);
        always.removeAll(Set.of("tributary-redrive-count", "tributary-redriven-from"));
        assertEquals(always, new TreeSet<>((List<String>) headers.get("required")));
        assertTrue(Files.readString(Path.of("src/main/java/io/tributary/deadletter/DeadLetters.java")).contains("HEADER_PREFIX = \"tributary-header-\""));
        assertTrue(map(headers, "patternProperties").containsKey("^tributary-header-"), "the kept request headers are described");
    }
}
