package io.tributary.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What running several replicas needs from k8s/ and docker-compose.yml, as lists of problems
 * (empty when all is well), so {@link DeploymentManifestsTest} can show that each check fails on a
 * manifest that breaks it.
 */
@SuppressWarnings("unchecked")
final class ReplicaChecks {

    static final int REPLICAS = 3;
    static final Set<String> LEASE_VERBS = Set.of("get", "list", "watch", "create", "update", "patch");
    static final Set<String> POD_VERBS = Set.of("get", "list", "watch");

    private ReplicaChecks() {
    }

    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            cur = cur instanceof Map<?, ?> m ? m.get(p) : null;
        }
        return cur instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        return m.get(key) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    /**
     * @param docs             every manifest under k8s/
     * @param shutdownSeconds  what Camel's shutdown may take after SIGTERM (routes, then services)
     */
    static List<String> kubernetes(List<Map<String, Object>> docs, int shutdownSeconds) {
        List<String> problems = new ArrayList<>();
        List<Map<String, Object>> workloads = docs.stream()
                .filter(d -> "tributary".equals(map(d, "metadata").get("name")) && Set.of("Deployment", "StatefulSet").contains(d.get("kind")))
                .toList();
        if (workloads.size() != 1 || !"StatefulSet".equals(workloads.get(0).get("kind"))) {
            problems.add("Tributary must run as one StatefulSet (a volume per pod for its spool), found " + workloads.stream().map(w -> w.get("kind")).toList());
            return problems;
        }
        Map<String, Object> sts = workloads.get(0);
        Map<String, Object> spec = map(sts, "spec");
        if (!Objects.equals(spec.get("replicas"), REPLICAS)) {
            problems.add("replicas must be " + REPLICAS + ", not " + spec.get("replicas"));
        }
        Map<String, Object> pod = map(spec, "template", "spec");
        Map<String, Object> labels = map(spec, "template", "metadata", "labels");
        Map<String, Object> container = list(pod, "containers").isEmpty() ? Map.of() : list(pod, "containers").get(0);
        volumes(spec, pod, container, problems);
        disruptionBudget(docs, labels, problems);
        leaderElection(docs, pod, container, problems);
        shutdown(pod, container, shutdownSeconds, problems);
        return problems;
    }

    private static void volumes(Map<String, Object> spec, Map<String, Object> pod, Map<String, Object> container, List<String> problems) {
        String dataVolume = list(container, "volumeMounts").stream().filter(m -> "/data".equals(m.get("mountPath")))
                .map(m -> (String) m.get("name")).findFirst().orElse(null);
        boolean claimed = list(spec, "volumeClaimTemplates").stream().anyMatch(t -> Objects.equals(map(t, "metadata").get("name"), dataVolume));
        boolean shared = list(pod, "volumes").stream().anyMatch(v -> Objects.equals(v.get("name"), dataVolume));
        if (dataVolume == null || !claimed || shared) {
            problems.add("/data must be mounted from volumeClaimTemplates (one volume per pod), mount: " + dataVolume);
        }
    }

    private static void disruptionBudget(List<Map<String, Object>> docs, Map<String, Object> podLabels, List<String> problems) {
        List<Map<String, Object>> pdbs = ofKind(docs, "PodDisruptionBudget");
        if (pdbs.size() != 1) {
            problems.add("one PodDisruptionBudget expected, found " + pdbs.size());
            return;
        }
        Map<String, Object> pdb = map(pdbs.get(0), "spec");
        if (!Objects.equals(pdb.get("minAvailable"), REPLICAS - 1)) {
            problems.add("PodDisruptionBudget minAvailable must be " + (REPLICAS - 1) + ", not " + pdb.get("minAvailable"));
        }
        if (!selects(map(pdb, "selector", "matchLabels"), podLabels)) {
            problems.add("PodDisruptionBudget selector " + map(pdb, "selector") + " does not select the pods " + podLabels);
        }
    }

    private static void leaderElection(List<Map<String, Object>> docs, Map<String, Object> pod, Map<String, Object> container, List<String> problems) {
        Map<String, Map<String, Object>> env = new java.util.HashMap<>();
        list(container, "env").forEach(e -> env.put((String) e.get("name"), e));
        if (!"kubernetes".equals(map(env, "TRIBUTARY_CLUSTER_SERVICE").get("value"))) {
            problems.add("TRIBUTARY_CLUSTER_SERVICE must be kubernetes, not " + map(env, "TRIBUTARY_CLUSTER_SERVICE").get("value"));
        }
        for (String[] v : new String[][] {{"TRIBUTARY_CLUSTER_KUBERNETES_NAMESPACE", "metadata.namespace"}, {"TRIBUTARY_CLUSTER_KUBERNETES_POD_NAME", "metadata.name"}}) {
            if (!v[1].equals(map(env, v[0], "valueFrom", "fieldRef").get("fieldPath"))) {
                problems.add(v[0] + " must come from the downward API's " + v[1]);
            }
        }
        String account = (String) pod.get("serviceAccountName");
        Map<String, Object> sa = ofKind(docs, "ServiceAccount").stream()
                .filter(d -> Objects.equals(map(d, "metadata").get("name"), account)).findFirst().orElse(null);
        if (sa == null) {
            problems.add("serviceAccountName " + account + " names no ServiceAccount");
            return;
        }
        Object automount = pod.containsKey("automountServiceAccountToken") ? pod.get("automountServiceAccountToken") : sa.get("automountServiceAccountToken");
        if (Boolean.FALSE.equals(automount)) {
            problems.add("automountServiceAccountToken is false: the Lease calls need the token");
        }
        List<Map<String, Object>> bindings = ofKind(docs, "RoleBinding").stream().filter(b -> list(b, "subjects").stream()
                .anyMatch(s -> "ServiceAccount".equals(s.get("kind")) && account.equals(s.get("name")))).toList();
        if (bindings.size() != 1) {
            problems.add("one RoleBinding for the ServiceAccount " + account + " expected, found " + bindings.size());
            return;
        }
        Map<String, Object> ref = map(bindings.get(0), "roleRef");
        Map<String, Object> role = ofKind(docs, "Role").stream()
                .filter(r -> "Role".equals(ref.get("kind")) && Objects.equals(map(r, "metadata").get("name"), ref.get("name")))
                .findFirst().orElse(null);
        if (role == null || !"rbac.authorization.k8s.io".equals(ref.get("apiGroup"))) {
            problems.add("the RoleBinding's roleRef " + ref + " names no Role");
            return;
        }
        if (!grants(role, "coordination.k8s.io", "leases", LEASE_VERBS)) {
            problems.add("the Role must grant " + LEASE_VERBS + " on coordination.k8s.io leases");
        }
        if (!grants(role, "", "pods", POD_VERBS)) {
            problems.add("the Role must grant " + POD_VERBS + " on pods");
        }
    }

    private static boolean grants(Map<String, Object> role, String group, String resource, Set<String> verbs) {
        return list(role, "rules").stream().anyMatch(r -> ((List<String>) r.getOrDefault("apiGroups", List.of())).contains(group)
                && ((List<String>) r.getOrDefault("resources", List.of())).contains(resource)
                && ((List<String>) r.getOrDefault("verbs", List.of())).containsAll(verbs));
    }

    private static void shutdown(Map<String, Object> pod, Map<String, Object> container, int shutdownSeconds, List<String> problems) {
        List<String> command = (List<String>) map(container, "lifecycle", "preStop", "exec").getOrDefault("command", List.of());
        if (command.isEmpty() || !command.get(0).startsWith("/app/bin/")) {
            problems.add("a preStop hook must run a script of the image (/app/bin/) that waits for the spool, not " + command);
            return;
        }
        int preStopMax = command.stream().filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).max().orElse(0);
        Object grace = pod.get("terminationGracePeriodSeconds");
        int needed = preStopMax + shutdownSeconds;
        if (!(grace instanceof Integer g) || g <= needed) {
            problems.add("terminationGracePeriodSeconds must exceed the preStop wait (" + preStopMax + " s) plus Camel's shutdown ("
                    + shutdownSeconds + " s), not " + grace);
        }
    }

    /** YAML merge keys ({@code <<: *anchor}), which docker-compose resolves and snakeyaml-engine (YAML 1.2) does not. */
    static Map<String, Object> merged(Map<String, Object> service) {
        Map<String, Object> out = new java.util.LinkedHashMap<>(map(service, "<<"));
        service.forEach((k, v) -> {
            if (!"<<".equals(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * @param services   docker-compose.yml's services, merge keys resolved
     * @param haproxyCfg the load balancer's configuration
     */
    static List<String> compose(Map<String, Map<String, Object>> services, String haproxyCfg, String image, int shutdownSeconds) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Object>> replicas = new java.util.TreeMap<>();
        services.forEach((name, s) -> {
            if (image.equals(s.get("image"))) {
                replicas.put(name, s);
            }
        });
        if (replicas.size() != 2) {
            problems.add("two Tributary replicas expected, found " + replicas.keySet());
        }
        Set<String> dataVolumes = new java.util.HashSet<>();
        replicas.forEach((name, s) -> {
            String dataDir = String.valueOf(map(s, "environment").get("TRIBUTARY_DATA_DIR"));
            List<String> volumes = s.get("volumes") instanceof List<?> l ? (List<String>) l : List.of();
            String volume = volumes.stream().filter(v -> v.endsWith(":" + dataDir)).map(v -> v.substring(0, v.indexOf(':'))).findFirst().orElse(null);
            if (volume == null || !dataVolumes.add(volume)) {
                problems.add(name + " needs a data volume of its own at " + dataDir + ", has " + volumes);
            }
            List<Object> ports = s.get("ports") instanceof List<?> l ? (List<Object>) l : List.of();
            if (ports.stream().anyMatch(p -> String.valueOf(p).endsWith(":8080"))) {
                problems.add(name + " publishes the webhook port itself; only the load balancer may");
            }
            Object grace = s.get("stop_grace_period");
            if (grace == null || Integer.parseInt(String.valueOf(grace).replaceAll("s$", "")) <= shutdownSeconds) {
                problems.add(name + ": stop_grace_period must exceed Camel's shutdown (" + shutdownSeconds + " s), not " + grace);
            }
        });
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+\\S+\\s+([a-z0-9-]+):8080\\b").matcher(haproxyCfg);
        Set<String> balanced = new java.util.TreeSet<>();
        while (server.find()) {
            balanced.add(server.group(1));
        }
        if (!balanced.equals(replicas.keySet())) {
            problems.add("haproxy must balance exactly the replicas " + replicas.keySet() + ", balances " + balanced);
        }
        List<String> lbPorts = services.values().stream().filter(s -> String.valueOf(s.get("image")).startsWith("haproxy:"))
                .flatMap(s -> ((List<String>) s.getOrDefault("ports", List.of())).stream()).toList();
        if (lbPorts.stream().noneMatch(p -> p.endsWith(":8080:8080"))) {
            problems.add("the haproxy service must publish the webhook port 8080, publishes " + lbPorts);
        }
        return problems;
    }
}
