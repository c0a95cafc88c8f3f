package io.tributary.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.event.Json;
import io.tributary.config.LaunchConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code deadletters [provider] [--since T] [--json]}: what is in the dead-letter topic, one line
 * each (received, provider, channel, the provider's id, redrives, reason), then the counts by reason,
 * so the on-call engineer sees what failed and why before fixing a route file and redriving.
 */
final class DeadLettersCommand {

    static final String USAGE = "Usage: java -jar target/tributary.jar deadletters [provider] [--since <RFC 3339 time>] [--json]";

    private DeadLettersCommand() {
    }

    static int run(List<String> args, LaunchConfig config, PrintStream out, PrintStream err) {
        String provider = null;
        Instant since = Instant.MIN;
        boolean json = false;
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--json" -> json = true;
                    case "--since" -> since = time(args, ++i);
                    default -> {
                        if (a.startsWith("-") || provider != null) {
                            throw new IllegalArgumentException("unexpected argument " + a);
                        }
                        provider = a;
                    }
                }
            }
        } catch (RuntimeException bad) {
            err.println("deadletters: " + bad.getMessage() + "\n" + USAGE);
            return 2;
        }
        Configurator.setLevel("org.apache.kafka", Level.ERROR); // stdout is for the answer
        Map<String, Integer> byReason = new TreeMap<>();
        int n = 0;
        List<DeadLetterTopic.Entry> all = DeadLetterTopic.readAll(config);
        java.util.Set<String> replaced = DeadLetterTopic.replaced(all);
        for (DeadLetterTopic.Entry e : all) {
            if ((provider != null && !provider.equals(e.provider())) || e.receivedAt().isBefore(since)) {
                continue;
            }
            n++;
            byReason.merge(e.error(), 1, Integer::sum);
            out.println(json ? json(e, replaced.contains(e.ref())) : String.join("  ", e.receivedAt().toString(), e.provider(), e.channel(), e.providerId(),
                    "redrives=" + e.redriveCount() + (replaced.contains(e.ref()) ? " (replaced by a later redrive)" : ""), e.error()));
        }
        String scope = (provider == null ? "" : " for " + provider) + (since == Instant.MIN ? "" : " since " + since);
        if (n == 0) {
            (json ? err : out).println("No dead letters in " + DeadLetterTopic.topic(config) + scope + ".");
            return 0;
        }
        PrintStream summary = json ? err : out; // --json keeps stdout one event per line
        summary.println(n + " dead letters in " + DeadLetterTopic.topic(config) + scope + ", by reason:");
        byReason.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(r -> summary.println(String.format("%7d  %s", r.getValue(), r.getKey())));
        return 0;
    }

    static Instant time(List<String> args, int i) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(args.get(i - 1) + " needs an RFC 3339 time such as 2024-06-01T00:00:00Z");
        }
        try {
            return OffsetDateTime.parse(args.get(i)).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(args.get(i - 1) + " must be an RFC 3339 time such as 2024-06-01T00:00:00Z, not '" + args.get(i) + "'");
        }
    }

    private static String json(DeadLetterTopic.Entry e, boolean replaced) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("receivedAt", e.receivedAt().toString());
        o.put("provider", e.provider());
        o.put("channel", e.channel());
        o.put("id", e.providerId());
        o.put("reason", e.error());
        o.put("redrives", e.redriveCount());
        o.put("verified", Boolean.parseBoolean(e.headers().getOrDefault("tributary-verified", "false")));
        o.put("ref", e.ref());
        o.put("replaced", replaced);
        ObjectNode h = o.putObject("headers");
        new LinkedHashMap<>(e.requestHeaders()).forEach(h::put);
        o.put("body", new String(e.raw(), StandardCharsets.UTF_8));
        return o.toString();
    }
}
