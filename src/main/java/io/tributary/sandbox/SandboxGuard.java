package io.tributary.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.tributary.config.LaunchConfig;

/**
 * Keeps the sandbox out of production: it refuses to start when real provider credentials are
 * given ({@code -D} or environment) or when Kafka is a cluster that is not on this machine. The
 * sandbox would otherwise replace those credentials with its own and publish simulated events
 * into real topics.
 */
public final class SandboxGuard {

    /** Setting names (the last part of {@code tributary.<provider>.<name>}) that hold credentials. */
    static final List<String> CREDENTIALS = List.of("webhook-secret", "client-id", "client-secret", "keys", "token",
            "instance-id", "application-secret", "api-key", "fingerprint-key", "username", "password");
    /** Namespaces of tributary.* that are not providers. */
    private static final Set<String> NOT_PROVIDERS = Set.of("kafka", "http", "management", "core", "ledger", "spool",
            "rocksdb", "poll", "log", "sandbox", "routes-dir", "data-dir");

    private SandboxGuard() {
    }

    /** The reasons to refuse, naming settings but never their values; empty when the sandbox may start. */
    public static List<String> problems(LaunchConfig config) {
        List<String> problems = new ArrayList<>();
        config.explicitWithPrefix("tributary.").keySet().stream().filter(SandboxGuard::isCredential)
                .forEach(k -> problems.add("a provider credential is set: " + k));
        config.explicit("tributary.kafka.bootstrap-servers").ifPresent(servers -> {
            for (String server : servers.split(",")) {
                if (!isLocal(server.trim())) {
                    problems.add("tributary.kafka.bootstrap-servers points at a cluster that is not on this machine: " + server.trim());
                }
            }
        });
        return problems;
    }

    static boolean isCredential(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '.');
        if (!k.startsWith("tributary.")) {
            return false;
        }
        String rest = k.substring("tributary.".length());
        String namespace = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (NOT_PROVIDERS.contains(namespace)) {
            return false;
        }
        String dotted = "." + rest.replace('-', '.');
        return CREDENTIALS.stream().anyMatch(c -> dotted.endsWith("." + c.replace('-', '.')));
    }

    static boolean isLocal(String hostPort) {
        String host = hostPort.startsWith("[") ? hostPort.substring(1, hostPort.indexOf(']'))
                : hostPort.contains(":") ? hostPort.substring(0, hostPort.lastIndexOf(':')) : hostPort;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
