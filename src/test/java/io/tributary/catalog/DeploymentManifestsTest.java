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
import java.util.Objects;
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
        // the settings tables: docs/configuration.md and the providers' sections in docs/providers.md
        Matcher m = Pattern.compile("`(tributary\\.[a-z0-9.-]*[a-z0-9])`")
                .matcher(Files.readString(Path.of("docs/configuration.md")) + Files.readString(Path.of("docs/providers.md")));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        return names;
    }

    private static Object yaml(String file) throws IOException {
        return new Load(LoadSettings.builder().build()).loadFromString(Files.readString(Path.of(file)));
    }

    /** docker-compose.yml's services, with the replicas' shared definition (a YAML merge key) resolved. */
    private static Map<String, Map<String, Object>> composeServices() throws IOException {
        Map<String, Object> compose = (Map<String, Object>) yaml("docker-compose.yml");
        Map<String, Map<String, Object>> services = new java.util.LinkedHashMap<>();
        ((Map<String, Object>) compose.get("services")).forEach((name, s) -> services.put(name, ReplicaChecks.merged((Map<String, Object>) s)));
        return services;
    }

    private static String image() throws IOException {
        return (String) list(podSpec(only(allManifests(), "StatefulSet")), "containers").get(0).get("image");
    }

    /** The Tributary services of docker-compose.yml (the replicas). */
    private static Map<String, Map<String, Object>> composeReplicas() throws IOException {
        String image = image();
        Map<String, Map<String, Object>> replicas = new java.util.TreeMap<>();
        composeServices().forEach((name, s) -> {
            if (image.equals(s.get("image"))) {
                replicas.put(name, s);
            }
        });
        return replicas;
    }

    /** What Camel's shutdown may take after SIGTERM: the routes (shutdown-timeout), then the services (extra-shutdown-timeout, 15 s by default). */
    static int camelShutdownSeconds() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("camel.main.shutdown-timeout", "45").trim())
                + Integer.parseInt(p.getProperty("camel.main.extra-shutdown-timeout", "15").trim());
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
        Map<String, Map<String, Object>> services = composeServices();
        Map<String, Map<String, Object>> replicas = composeReplicas();
        assertTrue(!replicas.isEmpty(), "docker-compose.yml runs Tributary");
        String pom = Files.readString(Path.of("pom.xml"));
        String kafkaVersion = pom.replaceAll("(?s).*<kafka.version>([^<]+)</kafka.version>.*", "$1");
        replicas.forEach((name, tributary) -> {
            Map<String, Object> env = (Map<String, Object>) tributary.get("environment");
            try {
                assertDocumented(env.keySet(), "docker-compose.yml (" + name + ")");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            String bootstrap = (String) env.get("TRIBUTARY_KAFKA_BOOTSTRAP_SERVERS");
            assertTrue(services.containsKey(bootstrap.split(":")[0]), "the bootstrap servers name a compose service");
            assertEquals("apache/kafka:" + kafkaVersion, services.get(bootstrap.split(":")[0]).get("image"), "the compose broker matches our Kafka version");
            assertEquals("0.0.0.0", env.get("TRIBUTARY_HTTP_HOST"));
            List<String> ports = (List<String>) tributary.get("ports");
            assertTrue(ports.stream().anyMatch(p -> p.endsWith(":9876")), name + " publishes its management port");
            env.forEach((k, v) -> assertTrue(!k.contains("SECRET") || String.valueOf(v).startsWith("${"), k + " must come from the environment, not a literal"));
        });
    }

    @Test
    void should_keep_kafka_data_on_its_volume_and_publish_ports_on_loopback_only() throws IOException {
        Map<String, Map<String, Object>> services = composeServices();
        Map<String, Object> kafka = services.get("kafka");
        Map<String, Object> env = (Map<String, Object>) kafka.get("environment");
        String logDirs = (String) env.get("KAFKA_LOG_DIRS");
        assertTrue(logDirs != null, "KAFKA_LOG_DIRS is set (else the image writes to /tmp and loses everything)");
        List<String> volumes = (List<String>) kafka.get("volumes");
        assertTrue(volumes.stream().anyMatch(v -> v.endsWith(":" + logDirs)), "the log dirs are the mounted volume: " + volumes);
        assertTrue(String.valueOf(env.get("CLUSTER_ID")).matches("[A-Za-z0-9_-]{22}"), "a fixed 22-character cluster id");
        String advertised = (String) env.get("KAFKA_ADVERTISED_LISTENERS");
        assertTrue(advertised.contains("://127.0.0.1:"), "a listener advertised to the host on 127.0.0.1");

        Pattern loopbackOrOptIn = Pattern.compile("(127\\.0\\.0\\.1|\\$\\{TRIBUTARY_BIND:-127\\.0\\.0\\.1\\}):\\d+:\\d+");
        services.forEach((name, service) -> {
            assertEquals("unless-stopped", service.get("restart"), name + " restarts unless stopped");
            for (Object port : (List<Object>) service.getOrDefault("ports", List.of())) {
                assertTrue(loopbackOrOptIn.matcher(String.valueOf(port)).matches(), name + " publishes " + port + " beyond 127.0.0.1");
            }
        });
        composeReplicas().forEach((name, replica) -> {
            List<String> ports = (List<String>) replica.get("ports");
            assertTrue(ports.stream().allMatch(p -> p.matches("127\\.0\\.0\\.1:\\d+:9876")),
                    name + ": management is published on 127.0.0.1 only, never opt-in: " + ports);
        });
        Map<String, Object> ui = services.get("kafka-ui");
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

    /** The memory the docs promise is the memory the image and the bench run with. */
    @Test
    void should_run_the_image_and_the_bench_with_the_jvm_options_of_the_docs() throws IOException {
        Matcher documented = Pattern.compile("`java ((?:-X\\S+ )+)-jar target/tributary.jar`").matcher(Files.readString(Path.of("docs/operating.md")));
        assertTrue(documented.find(), "docs/operating.md gives the JVM options as `java <options> -jar target/tributary.jar`");
        List<String> options = List.of(documented.group(1).trim().split(" "));
        String entrypoint = Files.readString(Path.of("docker/entrypoint.sh"));
        Matcher exec = Pattern.compile("exec /__cacert_entrypoint.sh java (.*?)\\$\\{JAVA_OPTS", Pattern.DOTALL).matcher(entrypoint);
        assertTrue(exec.find());
        List<String> image = new ArrayList<>(List.of(exec.group(1).replace("\\\n", " ").trim().split("\\s+")));
        image.removeIf(o -> !o.startsWith("-X"));
        assertEquals(options, image, "docker/entrypoint.sh runs java with the options of docs/operating.md");
        String bench = Files.readString(Path.of("bench/src/io/tributary/bench/Benchmark.java"));
        assertTrue(bench.contains("README_JVM_OPTIONS = \"" + String.join(" ", options) + "\""), "bench/ measures with the documented options");
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
            Map<String, Object> ref = map(e, "valueFrom", "secretKeyRef");
            if (ref.isEmpty()) {
                continue; // a value or the downward API (pod IP, name, namespace), checked below
            }
            assertEquals(secretName, ref.get("name"));
            assertTrue(secretKeys.contains(ref.get("key")), "the example Secret has " + ref.get("key"));
        }
        assertDocumented(envNames, "the StatefulSet");
        for (Map<String, Object> doc : docs) {
            assertTrue(doc.get("apiVersion") != null && doc.get("kind") != null, "every manifest has apiVersion and kind");
        }
    }

    private static final Set<String> WORKLOADS = Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");
    private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
            "persistentVolumeClaim", "projected", "secret");

    private static List<Map<String, Object>> allManifests() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (var files = Files.list(Path.of("k8s"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Map<String, Object> d : yamlDocuments(f.toString())) {
                    d.put("__file", f.getFileName().toString());
                    docs.add(d);
                }
            }
        }
        return docs;
    }

    private static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = cur == null ? null : ((Map<String, Object>) cur).get(p);
        }
        return cur == null ? Map.of() : (Map<String, Object>) cur;
    }

    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? List.of() : (List<Map<String, Object>>) v;
    }

    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return switch ((String) workload.get("kind")) {
            case "Pod" -> map(workload, "spec");
            case "CronJob" -> map(workload, "spec", "jobTemplate", "spec", "template", "spec");
            default -> map(workload, "spec", "template", "spec");
        };
    }

    /** Pod Security Standards, "restricted" profile (Kubernetes 1.25+), plus a read-only root filesystem. */
    static List<String> restrictedViolations(String name, Map<String, Object> pod) {
        List<String> v = new ArrayList<>();
        Map<String, Object> podSc = map(pod, "securityContext");
        for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (Boolean.TRUE.equals(pod.get(host))) {
                v.add(name + ": " + host);
            }
        }
        for (Map<String, Object> vol : list(pod, "volumes")) {
            for (String key : vol.keySet()) {
                if (!key.equals("name") && !RESTRICTED_VOLUME_TYPES.contains(key)) {
                    v.add(name + ": volume " + vol.get("name") + " of type " + key);
                }
            }
        }
        if (Objects.equals(podSc.get("runAsUser"), 0)) {
            v.add(name + ": pod runAsUser 0");
        }
        List<Map<String, Object>> containers = new ArrayList<>();
        containers.addAll(list(pod, "initContainers"));
        containers.addAll(list(pod, "containers"));
        containers.addAll(list(pod, "ephemeralContainers"));
        if (containers.isEmpty()) {
            v.add(name + ": no containers");
        }
        for (Map<String, Object> c : containers) {
            String where = name + "/" + c.get("name");
            Map<String, Object> sc = map(c, "securityContext");
            Object nonRoot = sc.containsKey("runAsNonRoot") ? sc.get("runAsNonRoot") : podSc.get("runAsNonRoot");
            if (!Boolean.TRUE.equals(nonRoot)) {
                v.add(where + ": runAsNonRoot is not true");
            }
            if (Objects.equals(sc.get("runAsUser"), 0)) {
                v.add(where + ": runAsUser 0");
            }
            Map<String, Object> seccomp = sc.containsKey("seccompProfile") ? map(sc, "seccompProfile") : map(podSc, "seccompProfile");
            Object seccompType = seccomp.get("type");
            if (!"RuntimeDefault".equals(seccompType) && !"Localhost".equals(seccompType)) {
                v.add(where + ": seccompProfile is not RuntimeDefault or Localhost");
            }
            if (!Boolean.FALSE.equals(sc.get("allowPrivilegeEscalation"))) {
                v.add(where + ": allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(sc.get("privileged"))) {
                v.add(where + ": privileged");
            }
            Map<String, Object> caps = map(sc, "capabilities");
            List<String> drop = caps.get("drop") == null ? List.of() : (List<String>) caps.get("drop");
            if (!drop.contains("ALL")) {
                v.add(where + ": capabilities do not drop ALL");
            }
            List<String> add = caps.get("add") == null ? List.of() : (List<String>) caps.get("add");
            if (!add.stream().allMatch("NET_BIND_SERVICE"::equals)) {
                v.add(where + ": adds capabilities " + add);
            }
            if (!Boolean.TRUE.equals(sc.get("readOnlyRootFilesystem"))) {
                v.add(where + ": readOnlyRootFilesystem is not true");
            }
            for (Map<String, Object> port : list(c, "ports")) {
                if (port.get("hostPort") != null) {
                    v.add(where + ": hostPort " + port.get("hostPort"));
                }
            }
        }
        return v;
    }

    @Test
    void should_pass_pod_security_restricted_in_every_workload() throws IOException {
        List<Map<String, Object>> workloads = allManifests().stream().filter(d -> WORKLOADS.contains(d.get("kind"))).toList();
        assertTrue(!workloads.isEmpty());
        List<String> violations = new ArrayList<>();
        for (Map<String, Object> w : workloads) {
            violations.addAll(restrictedViolations(w.get("__file") + ":" + w.get("kind") + "/" + map(w, "metadata").get("name"), podSpec(w)));
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void should_detect_what_pod_security_restricted_forbids() {
        // The check above must be able to fail: a typical root container breaks several rules.
        Map<String, Object> pod = Map.of(
                "hostNetwork", true,
                "volumes", List.of(Map.of("name", "host", "hostPath", Map.of("path", "/"))),
                "containers", List.of(Map.of("name", "c", "securityContext", Map.of("runAsUser", 0,
                        "capabilities", Map.of("add", List.of("SYS_ADMIN"))))));
        List<String> v = restrictedViolations("bad", pod);
        for (String expected : List.of("hostNetwork", "hostPath", "runAsNonRoot", "runAsUser 0", "seccompProfile",
                "allowPrivilegeEscalation", "drop ALL", "SYS_ADMIN", "readOnlyRootFilesystem")) {
            assertTrue(v.stream().anyMatch(s -> s.contains(expected)), "not detected: " + expected + " in " + v);
        }
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertEquals(1, found.size(), "exactly one " + kind);
        return found.get(0);
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    @Test
    void should_keep_writable_paths_on_volumes_and_wait_for_a_slow_start() throws IOException {
        Map<String, Object> sts = only(allManifests(), "StatefulSet");
        Map<String, Object> container = list(podSpec(sts), "containers").get(0);
        Set<String> mounts = new TreeSet<>();
        list(container, "volumeMounts").forEach(m -> mounts.add((String) m.get("mountPath")));
        assertTrue(mounts.containsAll(Set.of("/data", "/tmp")), "the data directory and the temp directory are writable volumes: " + mounts);

        Map<String, Object> startup = map(container, "startupProbe");
        assertEquals("management", map(startup, "httpGet").get("port"));
        assertTrue(String.valueOf(map(startup, "httpGet").get("path")).startsWith("/observe/health"));
        int seconds = (Integer) startup.getOrDefault("periodSeconds", 10) * (Integer) startup.getOrDefault("failureThreshold", 3);
        assertTrue(seconds >= 120, "the startup probe allows a state load of at least 2 minutes, not " + seconds + " s");
        assertTrue(map(container, "livenessProbe").get("initialDelaySeconds") == null, "the startup probe replaces a liveness delay");
    }

    @Test
    void should_govern_the_stateful_set_with_a_headless_service() throws IOException {
        List<Map<String, Object>> docs = allManifests();
        Map<String, Object> sts = only(docs, "StatefulSet");
        String serviceName = (String) map(sts, "spec").get("serviceName");
        Map<String, Object> podLabels = map(sts, "spec", "template", "metadata", "labels");
        Map<String, Object> service = docs.stream()
                .filter(d -> "Service".equals(d.get("kind")) && serviceName.equals(map(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no Service named " + serviceName));
        assertEquals("None", map(service, "spec").get("clusterIP"), serviceName + " must be headless");
        assertTrue(selects(map(service, "spec", "selector"), podLabels));
    }

    @Test
    void should_bind_management_to_the_pod_ip_and_admit_only_monitoring_to_it() throws IOException {
        List<Map<String, Object>> docs = allManifests();
        Map<String, Object> sts = only(docs, "StatefulSet");
        Map<String, Object> container = list(podSpec(sts), "containers").get(0);
        Map<String, Object> hostEnv = list(container, "env").stream()
                .filter(e -> "TRIBUTARY_MANAGEMENT_HOST".equals(e.get("name"))).findFirst().orElseThrow();
        assertEquals("status.podIP", map(hostEnv, "valueFrom", "fieldRef").get("fieldPath"));
        for (Map<String, Object> d : docs) {
            if ("ConfigMap".equals(d.get("kind"))) {
                assertTrue(!map(d, "data").containsKey("TRIBUTARY_MANAGEMENT_HOST"), "the ConfigMap would hide the pod IP");
            }
        }

        Map<String, Object> policy = only(docs, "NetworkPolicy");
        assertTrue(selects(map(policy, "spec", "podSelector", "matchLabels"), map(sts, "spec", "template", "metadata", "labels")));
        assertTrue(((List<String>) map(policy, "spec").get("policyTypes")).contains("Ingress"));
        boolean monitoringAdmitted = false;
        for (Map<String, Object> rule : list(map(policy, "spec"), "ingress")) {
            List<Map<String, Object>> ports = list(rule, "ports");
            boolean coversManagement = ports.isEmpty() || ports.stream().anyMatch(p -> Objects.equals(p.get("port"), 9876)
                    || "management".equals(p.get("port")));
            if (!coversManagement) {
                continue;
            }
            List<Map<String, Object>> from = list(rule, "from");
            assertTrue(!from.isEmpty(), "a rule admits everyone to the management port");
            for (Map<String, Object> peer : from) {
                assertEquals(Set.of("namespaceSelector"), peer.keySet(), "only a namespace may reach management: " + peer);
                assertEquals(Map.of("kubernetes.io/metadata.name", "monitoring"), map(peer, "namespaceSelector", "matchLabels"));
                monitoringAdmitted = true;
            }
        }
        assertTrue(monitoringAdmitted, "the monitoring namespace is admitted to port 9876");
    }

    @Test
    void should_scrape_the_management_service_and_alert_on_tributary_metrics() throws IOException {
        List<Map<String, Object>> docs = allManifests();
        Map<String, Object> monitor = only(docs, "ServiceMonitor");
        Map<String, Object> selector = map(monitor, "spec", "selector", "matchLabels");
        List<Map<String, Object>> services = docs.stream()
                .filter(d -> "Service".equals(d.get("kind")) && selects(selector, map(d, "metadata", "labels"))).toList();
        assertEquals(1, services.size(), "the ServiceMonitor selects exactly the management Service");
        Map<String, Object> endpoint = list(map(monitor, "spec"), "endpoints").get(0);
        assertTrue(list(map(services.get(0), "spec"), "ports").stream().anyMatch(p -> endpoint.get("port").equals(p.get("name"))));
        assertEquals("/observe/metrics", endpoint.get("path"));

        Map<String, Object> rules = only(docs, "PrometheusRule");
        StringBuilder exprs = new StringBuilder();
        for (Map<String, Object> group : list(map(rules, "spec"), "groups")) {
            for (Map<String, Object> rule : list(group, "rules")) {
                assertTrue(rule.get("alert") != null && rule.get("expr") != null);
                exprs.append(rule.get("expr")).append('\n');
            }
        }
        for (String metric : List.of("tributary_spool_oldest_age_seconds", "tributary_cursor_age_seconds",
                "tributary_poll_last_success_age_seconds", "tributary_events_deadlettered_total", "kube_pod_status_ready")) {
            assertTrue(exprs.toString().contains(metric), "an alert on " + metric);
        }
        assertMetricsExist(exprs.toString(), "k8s/monitoring.yaml");
    }

    /** Prometheus names of Tributary's meters, derived from the names in the source code. */
    static Set<String> tributaryMetricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\"(tributary(?:\\.[a-z]+)+)\"").matcher("");
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                m.reset(Files.readString(f));
                while (m.find()) {
                    String base = m.group(1).replace('.', '_');
                    // counters get _total; gauges with a base unit of seconds get _seconds
                    names.addAll(List.of(base, base + "_total", base + "_seconds"));
                }
            }
        }
        return names;
    }

    static void assertMetricsExist(String queries, String where) throws IOException {
        Set<String> known = tributaryMetricNames();
        Matcher used = Pattern.compile("\\btributary_[a-z_]+").matcher(queries);
        int n = 0;
        while (used.find()) {
            n++;
            assertTrue(known.contains(used.group()), where + " queries " + used.group() + ", which Tributary does not export");
        }
        assertTrue(n > 0, where + " queries no Tributary metric");
    }

    @Test
    void should_offer_strimzi_topics_and_a_least_privilege_user() throws IOException {
        List<Map<String, Object>> docs = allManifests();
        Set<String> topics = new TreeSet<>();
        docs.stream().filter(d -> "KafkaTopic".equals(d.get("kind"))).forEach(d -> topics.add((String) map(d, "spec").get("topicName")));
        assertTrue(topics.containsAll(Set.of("tributary.inbox", "tributary.deadletter", "tributary.cursors",
                "tributary.events.thirdfort", "tributary.events.sts-gen2", "tributary.events.alcmeon",
                "tributary.events.polytomic", "tributary.events.zenoo")), "topics: " + topics);
        Map<String, Object> user = only(docs, "KafkaUser");
        Map<String, Set<String>> acls = new java.util.HashMap<>();
        for (Map<String, Object> acl : list(map(user, "spec", "authorization"), "acls")) {
            Map<String, Object> r = map(acl, "resource");
            String key = r.get("type") + ":" + r.get("name") + ":" + r.getOrDefault("patternType", "literal");
            assertTrue(acls.put(key, new TreeSet<>((List<String>) acl.get("operations"))) == null, "one rule per resource: " + key);
            assertTrue(!((List<String>) acl.get("operations")).contains("All"), "no All operation: " + key);
            assertTrue(!"*".equals(r.get("name")), "no wildcard resource: " + key);
        }
        assertTrue(acls.keySet().stream().noneMatch(k -> k.startsWith("cluster:")), "no cluster-wide permission");
        acls.forEach((resource, ops) -> {
            if (ops.contains("Create")) {
                assertEquals("topic:tributary-:prefix", resource, "only Kafka Streams' internal topics may be created");
            }
        });
        assertEquals(Set.of("Describe", "Write"), acls.get("topic:tributary.events.:prefix"));
        assertEquals(Set.of("Describe", "Write"), acls.get("transactionalId:tributary:prefix"));
        assertTrue(acls.get("group:tributary:prefix").contains("Read"));
        assertTrue(acls.get("topic:tributary.inbox:literal").containsAll(Set.of("Read", "Write")));
        assertTrue(acls.get("topic:tributary.cursors:literal").containsAll(Set.of("Read", "Write")));
        assertTrue(acls.get("topic:tributary.deadletter:literal").contains("Write"));
    }

    @Test
    void should_serve_webhooks_over_tls_and_use_a_published_image() throws IOException {
        List<Map<String, Object>> docs = allManifests();
        Map<String, Object> ingress = only(docs, "Ingress");
        List<Map<String, Object>> tls = list(map(ingress, "spec"), "tls");
        assertTrue(!tls.isEmpty() && tls.get(0).get("secretName") != null, "the Ingress terminates TLS");
        for (Map<String, Object> rule : list(map(ingress, "spec"), "rules")) {
            assertTrue(((List<String>) tls.get(0).get("hosts")).contains(rule.get("host")), "TLS covers " + rule.get("host"));
            for (Map<String, Object> path : list(map(rule, "http"), "paths")) {
                assertTrue(String.valueOf(path.get("path")).startsWith("/webhooks"), "only webhooks are exposed, not " + path.get("path"));
            }
        }
        String image = (String) list(podSpec(only(docs, "StatefulSet")), "containers").get(0).get("image");
        assertTrue(image.matches("[a-z0-9.-]+\\.[a-z]+/[a-z0-9._/-]+:\\d+\\.\\d+\\.\\d+"), "a registry image with a version tag: " + image);
        assertTrue(!image.contains("example") && !image.contains("CHANGE"), image);
        assertTrue(Files.readString(Path.of("docs/deployment.md")).contains(image), "docs/deployment.md documents the image " + image);
    }

    // Several replicas (issue 9): checks as lists of problems, each shown to fail on a manifest that breaks it.

    @Test
    void should_run_three_replicas_that_elect_pollers_and_drain_their_spool_before_stopping() throws IOException {
        assertEquals(List.of(), ReplicaChecks.kubernetes(allManifests(), camelShutdownSeconds()));
    }

    /** Applies one break to a fresh copy of k8s/ and returns what the checks find. */
    private static List<String> problemsAfter(java.util.function.Consumer<List<Map<String, Object>>> breakIt) throws IOException {
        List<Map<String, Object>> docs = allManifests();
        breakIt.accept(docs);
        return ReplicaChecks.kubernetes(docs, camelShutdownSeconds());
    }

    private static Map<String, Object> sts(List<Map<String, Object>> docs) {
        return only(docs, "StatefulSet");
    }

    private static Map<String, Object> tributaryContainer(List<Map<String, Object>> docs) {
        return list(podSpec(sts(docs)), "containers").get(0);
    }

    private static void assertDetected(String expected, java.util.function.Consumer<List<Map<String, Object>>> breakIt) throws IOException {
        List<String> problems = problemsAfter(breakIt);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "not detected: " + expected + " in " + problems);
    }

    @Test
    void should_detect_manifests_that_break_several_replicas() throws IOException {
        assertDetected("StatefulSet", docs -> sts(docs).put("kind", "Deployment"));
        assertDetected("replicas must be 3", docs -> map(sts(docs), "spec").put("replicas", 1));
        assertDetected("volumeClaimTemplates", docs -> map(sts(docs), "spec").remove("volumeClaimTemplates"));
        assertDetected("minAvailable must be 2", docs -> map(only(docs, "PodDisruptionBudget"), "spec").put("minAvailable", 3));
        assertDetected("does not select the pods", docs -> map(only(docs, "PodDisruptionBudget"), "spec", "selector")
                .put("matchLabels", Map.of("app.kubernetes.io/name", "other")));
        assertDetected("names no ServiceAccount", docs -> podSpec(sts(docs)).put("serviceAccountName", "default"));
        assertDetected("automountServiceAccountToken", docs -> podSpec(sts(docs)).put("automountServiceAccountToken", false));
        assertDetected("on coordination.k8s.io leases", docs -> list(only(docs, "Role"), "rules").get(0)
                .put("verbs", List.of("get", "list", "watch", "update", "patch")));
        assertDetected("on pods", docs -> list(only(docs, "Role"), "rules").remove(1));
        assertDetected("roleRef", docs -> map(only(docs, "RoleBinding"), "roleRef").put("name", "someone-else"));
        assertDetected("RoleBinding for the ServiceAccount", docs -> list(only(docs, "RoleBinding"), "subjects").get(0).put("name", "default"));
        assertDetected("preStop", docs -> tributaryContainer(docs).remove("lifecycle"));
        assertDetected("terminationGracePeriodSeconds", docs -> podSpec(sts(docs)).put("terminationGracePeriodSeconds", 30));
        assertDetected("TRIBUTARY_CLUSTER_SERVICE must be kubernetes", docs -> list(tributaryContainer(docs), "env").stream()
                .filter(e -> "TRIBUTARY_CLUSTER_SERVICE".equals(e.get("name"))).forEach(e -> e.put("value", "kafka")));
        assertDetected("TRIBUTARY_CLUSTER_KUBERNETES_POD_NAME", docs -> list(tributaryContainer(docs), "env")
                .removeIf(e -> "TRIBUTARY_CLUSTER_KUBERNETES_POD_NAME".equals(e.get("name"))));
    }

    @Test
    void should_ship_the_pre_stop_script_that_watches_the_spool_layout() throws IOException {
        List<String> command = (List<String>) map(tributaryContainer(allManifests()), "lifecycle", "preStop", "exec").get("command");
        String script = command.get(0).substring("/app/bin/".length());
        Path source = Path.of("docker", script);
        assertTrue(Files.isExecutable(source), source + " exists and is executable");
        assertTrue(Files.readString(Path.of("Dockerfile")).matches("(?s).*COPY [^\\n]*docker/" + script + "[^\\n]* /app/bin/.*"), "the image has " + script);
        String text = Files.readString(source);
        // The spool's layout (SpoolFiles): <data dir>/spool/<provider>/<sequence>.delivery, .partial while written.
        for (String part : List.of("TRIBUTARY_DATA_DIR", "/spool\"", "*.delivery", "*.partial")) {
            assertTrue(text.contains(part), script + " looks at " + part);
        }
    }

    @Test
    void should_run_two_compose_replicas_behind_one_port() throws IOException {
        assertEquals(List.of(), composeProblems(composeServices()));
    }

    private static List<String> composeProblems(Map<String, Map<String, Object>> services) throws IOException {
        String config = services.values().stream().flatMap(s -> ((List<String>) s.getOrDefault("volumes", List.of())).stream())
                .filter(v -> v.contains("haproxy.cfg:")).map(v -> v.substring(0, v.indexOf(':'))).findFirst().orElse("docker/haproxy.cfg");
        return ReplicaChecks.compose(services, Files.readString(Path.of(config)), image(), camelShutdownSeconds());
    }

    @Test
    void should_detect_a_compose_file_that_breaks_the_replicas() throws IOException {
        Map<String, Map<String, Object>> one = composeServices();
        one.remove("tributary-2");
        assertTrue(composeProblems(one).stream().anyMatch(p -> p.contains("two Tributary replicas")), composeProblems(one).toString());

        Map<String, Map<String, Object>> shared = composeServices();
        shared.get("tributary-2").put("volumes", shared.get("tributary").get("volumes"));
        assertTrue(composeProblems(shared).stream().anyMatch(p -> p.contains("a data volume of its own")), composeProblems(shared).toString());

        Map<String, Map<String, Object>> direct = composeServices();
        direct.get("tributary-2").put("ports", List.of("127.0.0.1:8081:8080"));
        assertTrue(composeProblems(direct).stream().anyMatch(p -> p.contains("publishes the webhook port itself")), composeProblems(direct).toString());

        Map<String, Map<String, Object>> killed = composeServices();
        killed.get("tributary").remove("stop_grace_period");
        assertTrue(composeProblems(killed).stream().anyMatch(p -> p.contains("stop_grace_period")), composeProblems(killed).toString());

        List<String> unbalanced = ReplicaChecks.compose(composeServices(), "backend tributary\n  server tributary tributary:8080\n",
                image(), camelShutdownSeconds());
        assertTrue(unbalanced.stream().anyMatch(p -> p.contains("haproxy must balance exactly")), unbalanced.toString());
    }

    private static Map<String, Object> probe(Map<String, Object> container, String name) {
        return (Map<String, Object>) ((Map<String, Object>) container.get(name)).get("httpGet");
    }
}
