package io.tributary.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docker-compose.yml, the Dockerfile and k8s/ are for users' clusters; we have no Docker engine,
 * so this checks what can be checked without one: they parse, they use only settings that exist,
 * they expose the two ports, and the probes hit the management endpoints.
 */
@SuppressWarnings("unchecked")
class DeploymentManifestsTest {

    private static Set<String> documentedEnvNames() throws IOException {
        Matcher m = Pattern.compile("`(tributary\\.[a-z0-9.-]*[a-z0-9])`").matcher(Files.readString(Path.of("README.md")));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return names;
    }

    private static Object yaml(String file) throws IOException {
        return new Load(LoadSettings.builder().build()).loadFromString(Files.readString(Path.of(file)));
    }

    private static List<Map<String, Object>> yamlDocuments(String file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object d : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(Path.of(file)))) {
            if (d != null) {
                docs.add((Map<String, Object>) d);
            }
        }
        return docs;
    }

    private static void assertDocumented(Set<String> envNames, String where) throws IOException {
        Set<String> known = documentedEnvNames();
        for (String name : envNames) {
            if (name.startsWith("TRIBUTARY_")) {
                assertTrue(known.contains(name), where + " sets " + name + ", which is no documented setting");
            }
        }
    }

    @Test
    void should_run_tributary_against_the_compose_kafka() throws IOException {
        Map<String, Object> compose = (Map<String, Object>) yaml("docker-compose.yml");
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> tributary = (Map<String, Object>) services.get("tributary");
        Map<String, Object> env = (Map<String, Object>) tributary.get("environment");
        assertDocumented(env.keySet(), "docker-compose.yml");
        String bootstrap = (String) env.get("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS");
        assertTrue(services.containsKey(bootstrap.split(":")[0]), "the bootstrap servers name a compose service");
        Map<String, Object> kafka = (Map<String, Object>) services.get(bootstrap.split(":")[0]);
        String pom = Files.readString(Path.of("pom.xml"));
        String kafkaVersion = pom.replaceAll("(?s).*<kafka.version>([^<]+)</kafka.version>.*", "$1");
        assertEquals("apache/kafka:" + kafkaVersion, kafka.get("image"), "the compose broker matches our Kafka version");
        assertEquals("0.0.0.0", env.get("TRIBUTARY_HTTP_HOST"));
        List<String> ports = (List<String>) tributary.get("ports");
        assertTrue(ports.stream().anyMatch(p -> p.endsWith(":8080")) && ports.stream().anyMatch(p -> p.endsWith(":9876")));
        env.forEach((k, v) -> assertTrue(!k.contains("SECRET") || String.valueOf(v).startsWith("${"), k + " must come from the environment, not a literal"));
    }

    @Test
    void should_keep_kafka_data_on_its_volume_and_publish_ports_on_loopback_only() throws IOException {
        Map<String, Object> compose = (Map<String, Object>) yaml("docker-compose.yml");
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> kafka = (Map<String, Object>) services.get("kafka");
        Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
        String logDirs = (String) env.get("KAFKA_LOG_DIRS");
        assertTrue(logDirs != null, "KAFKA_LOG_DIRS is set (else the image writes to /tmp and loses everything)");
        List<String> volumes = (List<String>) kafka.get("volumes");
        assertTrue(volumes.stream().anyMatch(v -> v.endsWith(":" + logDirs)), "the log dirs are the mounted volume: " + volumes);
        assertTrue(String.valueOf(env.get("CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}"), "a fixed 22-character cluster id");
        String advertised = (String) env.get("KAFKA_ADVERTISED_LISTENERS");
        assertTrue(advertised.contains("://127.0.0.1:"), "a listener advertised to the host on 127.0.0.1");

        Pattern loopbackOrOptIn = Pattern.compile("(127\\.0\\.0\\.1|\\$\\{TRIBUTARY_BIND:-127\\.0\\.0\\.1\\}):\\d+:\\d+");
        services.forEach((name, value) -> {
            Map<String, Object> service = (Map<String, Object>) value;
            assertEquals("unless-stopped", service.get("restart"), name + " restarts unless stopped");
            for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
                assertTrue(loopbackOrOptIn.matcher(String.valueOf(port)).matches(), name + " publishes " + port + " beyond 127.0.0.1");
            }
        });
        List<String> tributaryPorts = (List<String>) ((Map<String, Object>) services.get("tributary")).get("ports");
        assertTrue(tributaryPorts.contains("127.0.0.1:9876:9876"), "management is published on 127.0.0.1 only, never opt-in");
        Map<String, Object> ui = (Map<String, Object>) services.get("kafka-ui");
        assertTrue(ui != null && ((List<String>) ui.get("profiles")).contains("ui"), "the Kafka UI is optional, under the ui profile");
    }

    @Test
    void should_build_an_image_that_runs_the_jar_from_the_routes_directory() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertTrue(dockerfile.contains("COPY routes /app/routes"));
        assertTrue(dockerfile.contains("WORKDIR /app"));
        assertTrue(dockerfile.contains("/app/lib"), "the thin jar's class path is lib/");
        assertTrue(dockerfile.contains("ENTRYPOINT [\"/app/bin/entrypoint.sh\"]"));
        String entrypoint = Files.readString(Path.of("docker/entrypoint.sh"));
        assertTrue(entrypoint.contains("exec /__cacert_entrypoint.sh java "), "the base image's CA-certificate entrypoint runs java");
        assertTrue(entrypoint.contains("-jar /app/tributary.jar \"$@\""), "subcommands pass through to the jar");
    }

    @Test
    void should_run_the_image_as_a_fixed_non_root_user_with_management_off_the_wildcard_address() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER (\\d+)(?::(\\d+))?$").matcher(dockerfile);
        assertTrue(user.find(), "a numeric USER, so runAsNonRoot can verify it");
        assertTrue(Integer.parseInt(user.group(1)) > 0);
        assertTrue(dockerfile.lastIndexOf("USER ") < dockerfile.indexOf("ENTRYPOINT"), "the user is set before the entrypoint");
        assertTrue(!dockerfile.contains("TRIBUTARY_MANAGEMENT_HOST=0.0.0.0"), "management must not listen on every interface");
        String entrypoint = Files.readString(Path.of("docker/entrypoint.sh"));
        assertTrue(entrypoint.contains("hostname -i"), "management binds to the container's own address");
        assertTrue(entrypoint.contains("-Dcamel.health.exposure-level=oneline"), "health answers only UP or DOWN");
    }

    @Test
    void should_probe_the_management_port_and_take_secrets_from_a_secret() throws IOException {
        List<Map<String, Object>> docs = yamlDocuments("k8s/tributary.yaml");
        Map<String, Object> secret = yamlDocuments("k8s/secret.example.yaml").get(0);
        Set<String> secretKeys = ((Map<String, Object>) secret.get("stringData")).keySet();
        String secretName = (String) ((Map<String, Object>) secret.get("metadata")).get("name");
        Map<String, Object> statefulSet = docs.stream().filter(d -> "StatefulSet".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<String, Object> config = docs.stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        assertDocumented(((Map<String, Object>) config.get("data")).keySet(), "the ConfigMap");

        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) statefulSet.get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) container.get("ports")) {
            ports.put((String) p.get("name"), (Integer) p.get("containerPort"));
        }
        assertEquals(Map.of("webhooks", 8080, "management", 9876), ports);
        assertEquals("/observe/health/live", probe(container, "livenessProbe").get("path"));
        assertEquals("/observe/health/ready", probe(container, "readinessProbe").get("path"));
        assertEquals("management", probe(container, "readinessProbe").get("port"));

        Set<String> envNames = new TreeSet<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            envNames.add((String) e.get("name"));
            Map<String, Object> ref = (Map<String, Object>) ((Map<String, Object>) e.get("valueFrom")).get("secretKeyRef");
            assertEquals(secretName, ref.get("name"));
            assertTrue(secretKeys.contains(ref.get("key")), "the example Secret has " + ref.get("key"));
        }
        assertDocumented(envNames, "the StatefulSet");
        for (Map<String, Object> doc : docs) {
            assertTrue(doc.get("apiVersion") != null && doc.get("kind") != null, "every manifest has apiVersion and kind");
        }
    }

    private static Map<String, Object> probe(Map<String, Object> container, String name) {
        return (Map<String, Object>) ((Map<String, Object>) container.get(name)).get("httpGet");
    }
}
