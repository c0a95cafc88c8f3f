package io.tributary.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.tributary.config.LaunchConfig;
import io.tributary.config.Settings;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code backfill <provider> --since <RFC 3339>}: runs Tributary as usual with
 * {@code tributary.<provider>.backfill.since} set, and exits 0 once the backfill is done. Providers
 * whose API cannot re-read events from a time are refused here, before anything starts.
 */
final class BackfillCommand {

    static final List<String> PROVIDERS = List.of("thirdfort", "polytomic", "alcmeon", "sts-gen2", "zenoo");

    private BackfillCommand() {
    }

    /** Why a backfill of {@code provider} from {@code since} cannot be done, or empty when it can. */
    static Optional<String> refusal(String provider, Instant since, Instant now, Duration polytomicRetention) {
        if (!PROVIDERS.contains(provider)) {
            return Optional.of("Unknown provider '" + provider + "'. Valid providers: " + String.join(", ", PROVIDERS)
                    + " (only thirdfort can be backfilled).");
        }
        if (since.isAfter(now)) {
            return Optional.of("--since " + since + " is in the future.");
        }
        return switch (provider) {
            case "thirdfort" -> Optional.empty();
            case "polytomic" -> Optional.of(since.isBefore(now.minus(polytomicRetention))
                    ? "Refused: Polytomic's Events API keeps events for " + polytomicRetention.toHours() + " h only "
                    + "(tributary.polytomic.retention), so it cannot go back to " + since + ". Events older than "
                    + now.minus(polytomicRetention) + " are gone from Polytomic."
                    : "Refused: a Polytomic backfill is not built yet. Within its 48 h retention the live poller already "
                    + "re-reads on a first start; restarting with a new tributary.kafka.cursor-topic would read all 48 h again.");
            case "alcmeon" -> Optional.of("Refused: Alcmeon's actions API pages by action id (min_action_id), not by time, "
                    + "so it cannot start from " + since + ".");
            default -> Optional.of("Refused: " + provider + " has no API that lists past events to re-read "
                    + "(events reach Tributary only as they happen).");
        };
    }

    static int run(List<String> args, LaunchConfig config, PrintStream out, PrintStream err) throws Exception {
        int at = args.indexOf("--since");
        if (args.isEmpty() || args.get(0).startsWith("-") || at < 0 || at + 1 >= args.size()) {
            err.println("Usage: java -jar target/tributary.jar backfill <provider> --since <RFC 3339 time>");
            return 2;
        }
        String provider = args.get(0);
        Instant since;
        try {
            since = OffsetDateTime.parse(args.get(at + 1)).toInstant();
        } catch (DateTimeParseException e) {
            err.println("--since must be an RFC 3339 time such as 2024-06-01T00:00:00Z, not '" + args.get(at + 1) + "'.");
            return 2;
        }
        Duration retention = Settings.parseDuration(config.get("tributary.polytomic.retention", "48h"));
        Optional<String> refused = refusal(provider, since, Instant.now(), retention);
        if (refused.isPresent()) {
            err.println(refused.get());
            return 2;
        }
        return runUntilDone(provider, since.toString(), java.util.Map.of(), out, err);
    }

    /** @param overrides further settings (tests; the command line takes them from -D and the environment) */
    static int runUntilDone(String provider, String since, java.util.Map<String, String> overrides, PrintStream out, PrintStream err)
            throws Exception {
        Main main = new Main();
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty("tributary." + provider + ".backfill.since", since);
        io.tributary.poll.Backfill[] backfill = new io.tributary.poll.Backfill[1];
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                backfill[0] = m.getCamelContext().getRegistry().lookupByNameAndType(provider + "Backfill", io.tributary.poll.Backfill.class);
                // The bean exists whenever the route file is loaded; the route only when the poller is configured.
                if (backfill[0] == null || m.getCamelContext().getRoute(provider + "-backfill") == null) {
                    backfill[0] = null;
                    err.println("The " + provider + " poller is not configured (client id, secret and organization): nothing to backfill.");
                    main.completed();
                    return;
                }
                backfill[0].setConsole(System.console() != null);
                backfill[0].whenDone(main::completed);
            }
        });
        out.println(provider + ": backfill since " + since + " requested; progress follows (no ETA: the API gives no total).");
        main.run(new String[0]);
        boolean done = backfill[0] != null && since.equals(backfill[0].finished());
        (done ? out : err).println(done ? provider + ": backfill since " + since + " done." : provider + ": backfill not finished.");
        return done ? 0 : 1;
    }
}
