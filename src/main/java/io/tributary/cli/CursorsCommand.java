package io.tributary.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.cluster.LeaderLookup;
import io.tributary.config.LaunchConfig;
import io.tributary.config.Settings;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.KafkaTable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cursors [provider]}: every key of the cursor topic (the live cursors, a backfill's cursor
 * and state, shared rate budgets), when each was saved, and who leads each provider.
 * {@code cursors set <provider> <value> | --since <RFC 3339> [--force]}: moves a provider's live
 * cursor; refused while a replica leads (polls) that provider, since its next save would undo the
 * move or the move would race a poll in flight, unless {@code --force}.
 */
final class CursorsCommand {

    private static final Logger LOG = LoggerFactory.getLogger(CursorsCommand.class);
    private static final Pattern STYLE = Pattern.compile("(?m)^\\s*cursor:\\s*\\n\\s*style:\\s*([a-z-]+)");

    private CursorsCommand() {
    }

    static int run(List<String> args, LaunchConfig config, PrintStream out, PrintStream err) throws IOException {
        Configurator.setLevel("org.apache.kafka", Level.ERROR); // stdout is for the answer
        Configurator.setLevel("io.tributary.kafka.KafkaTable", Level.WARN);
        if (!args.isEmpty() && args.get(0).equals("set")) {
            return set(args.subList(1, args.size()), config, out, err);
        }
        if (args.size() > 1 || (!args.isEmpty() && args.get(0).startsWith("-"))) {
            err.println("Usage: cursors [provider] | cursors set <provider> <value> | cursors set <provider> --since <RFC 3339 time> [--force]");
            return 2;
        }
        return list(args.isEmpty() ? null : args.get(0), config, out);
    }

    private static int list(String only, LaunchConfig config, PrintStream out) {
        Map<String, Map<String, String>> byProvider = new TreeMap<>();
        java.util.concurrent.atomic.AtomicBoolean replayed = new java.util.concurrent.atomic.AtomicBoolean();
        try (KafkaTable table = new KafkaTable(kafka(config), cursorTopic(config), (key, value, timestamp) -> {
            String provider = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
            synchronized (byProvider) { // what the table's follower thread sees after the replay is not listed
                if (!replayed.get() && (only == null || only.equals(provider))) {
                    Map<String, String> keys = byProvider.computeIfAbsent(provider, p -> new TreeMap<>());
                    if (value == null) {
                        keys.remove(key);
                    } else {
                        keys.put(key, value + "  saved " + Instant.ofEpochMilli(timestamp));
                    }
                }
            }
        }, (follower, error) -> { } /* the table logs its own failures */).start(); LeaderLookup leaders = leaders(config)) {
            synchronized (byProvider) {
                replayed.set(true);
            }
            if (byProvider.values().stream().allMatch(Map::isEmpty)) {
                out.println("No cursors in " + cursorTopic(config) + (only == null ? "" : " for " + only) + ".");
                return 0;
            }
            byProvider.forEach((provider, keys) -> {
                if (!keys.isEmpty()) {
                    out.println(provider + "  leader: " + describe(leaders.leader(provider)));
                    keys.forEach((key, line) -> out.println("  " + key + " = " + line));
                }
            });
        }
        return 0;
    }

    private static int set(List<String> args, LaunchConfig config, PrintStream out, PrintStream err) throws IOException {
        List<String> rest = new ArrayList<>(args);
        boolean force = rest.remove("--force");
        boolean bySince = rest.size() == 3 && rest.get(1).equals("--since");
        if (!(bySince || (rest.size() == 2 && !rest.get(1).startsWith("-"))) || rest.get(0).startsWith("-")) {
            err.println("Usage: cursors set <provider> <value> [--force] | cursors set <provider> --since <RFC 3339 time> [--force]");
            return 2;
        }
        String provider = rest.get(0);
        String text = rest.get(rest.size() - 1);
        Optional<String> style = style(config, provider);
        if (style.isEmpty()) {
            err.println("Refused: " + provider + " has no poll cursor (no routes/" + provider + ".camel.yaml with a poller's "
                    + "cursor: style). Providers with one: " + String.join(", ", providersWithCursors(config)) + ".");
            return 2;
        }
        if (bySince && !style.get().equals("time")) {
            err.println("Refused: " + provider + "'s cursor is a " + style.get() + ", not a time, so --since cannot set it."
                    + (provider.equals("thirdfort") ? " To re-read Thirdfort from a time, run: backfill thirdfort --since <time>." : "")
                    + " Give the " + style.get() + " to resume after instead.");
            return 2;
        }
        String value = text;
        if (style.get().equals("time")) { // the stored form is an ISO-8601 instant (UTC), as the poller writes it
            try {
                Instant t = OffsetDateTime.parse(text).toInstant();
                if (t.isAfter(Instant.now())) {
                    err.println("Refused: " + text + " is in the future: the poller would skip every event until then.");
                    return 2;
                }
                value = t.toString();
            } catch (DateTimeParseException e) {
                err.println(provider + "'s cursor is a time: give an RFC 3339 time such as 2024-06-01T00:00:00Z, not '" + text + "'.");
                return 2;
            }
        }
        try (LeaderLookup leaders = leaders(config)) {
            LeaderLookup.Answer leader = leaders.leader(provider);
            if (!force && (!leader.known() || leader.leader().isPresent())) {
                err.println("Refused: " + (leader.known() ? provider + " is polled right now by " + leader.leader().get()
                        + ": its next save would move the cursor again, or undo this."
                        : "cannot tell whether a replica polls " + provider + ": " + leader.reason() + ".")
                        + " Stop the replicas first (docs/operating.md \"Moving a cursor\"), or pass --force to move it under a running poller.");
                return 2;
            }
            String[] stored = {null};
            String before;
            try (KafkaTable table = new KafkaTable(kafka(config), cursorTopic(config), (key, v, ts) -> {
                if (key.equals(provider)) {
                    stored[0] = v;
                }
            }, (follower, error) -> { } /* the table logs its own failures */).start()) {
                before = stored[0] == null ? "(none)" : stored[0]; // read now: the table's follower also sees our own write
                table.put(provider, value);
            }
            LOG.info("cursors set: {} cursor moved from {} to {}{}", provider, before, value,
                    force ? " (--force; leader " + describe(leader) + ")" : "");
            out.println(provider + " cursor moved from " + before + " to " + value + ".");
            return 0;
        }
    }

    private static String describe(LeaderLookup.Answer a) {
        return a.known() ? a.leader().orElse("none (no replica polls it now)") : "unknown (" + a.reason() + ")";
    }

    /** The poller's cursor style in routes/<provider>.camel.yaml ({@code time}, {@code page-token}, {@code id}, {@code min-id}). */
    static Optional<String> style(LaunchConfig config, String provider) throws IOException {
        Path file = Path.of(config.get("tributary.routes-dir", "routes"), provider + ".camel.yaml");
        if (provider.contains("/") || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Matcher m = STYLE.matcher(Files.readString(file));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static List<String> providersWithCursors(LaunchConfig config) throws IOException {
        List<String> providers = new ArrayList<>();
        try (var files = Files.list(Path.of(config.get("tributary.routes-dir", "routes")))) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".camel.yaml") && style(config, name.substring(0, name.length() - ".camel.yaml".length())).isPresent()) {
                    providers.add(name.substring(0, name.length() - ".camel.yaml".length()));
                }
            }
        }
        return providers;
    }

    private static String cursorTopic(LaunchConfig config) {
        return config.get("tributary.kafka.cursor-topic", "tributary.cursors");
    }

    private static LeaderLookup leaders(LaunchConfig config) {
        return new LeaderLookup(config.get("tributary.cluster.service", "kafka").trim(), config.get("tributary.kafka.application-id", "tributary"),
                config.get("tributary.cluster.topic", "tributary.leaders"), config.get("tributary.cluster.kubernetes.lease-prefix", "tributary-leader"),
                kafka(config).clientProperties());
    }

    /** The Kafka the replicas use: bootstrap servers (else the embedded broker's address) and -D client settings. */
    private static KafkaSettings kafka(LaunchConfig config) {
        Map<String, Object> overrides = new TreeMap<>();
        config.explicitWithPrefix(KafkaSettings.CLIENT_PREFIX).forEach((k, v) -> {
            if (k.startsWith("tributary.")) {
                overrides.put(k.substring(KafkaSettings.CLIENT_PREFIX.length()), v); // -D only, as for tail
            }
        });
        return new KafkaSettings(config.bootstrapServers(), overrides, Settings.parseDuration(config.get("tributary.kafka.publish-timeout", "10s")),
                1, (short) 1, "unused", Duration.ZERO, cursorTopic(config), "unused", false, 1, 1024 * 1024);
    }
}
