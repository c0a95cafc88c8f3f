package io.tributary.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tributary.config.LaunchConfig;
import io.tributary.sandbox.JsonHttpSimulator;
import io.tributary.sandbox.Sandbox;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * The command line: {@code [run]} (the default), {@code --sandbox} (or {@code tributary.sandbox=true}),
 * {@code tail}, {@code backfill}, {@code drain-spool}, {@code cursors}, {@code deadletters}, {@code redrive}, {@code check} and {@code --help}. Without arguments Tributary runs exactly as it always has.
 * A new subcommand (e.g. {@code backfill}) is one more case in {@link #main} and a line of {@link #HELP}.
 */
public final class Cli {

    static final String HELP = """
            Usage: java -jar target/tributary.jar [command] [options]

            Commands:
              run                    run Tributary (the default): webhooks, polls and the exactly-once core
              run --sandbox          run it against built-in simulators of the five seed providers: events
                                     reach Kafka within a minute with nothing but Java (also
                                     tributary.sandbox=true / TRIBUTARY_SANDBOX=true); refused when real
                                     provider credentials or a remote Kafka cluster are configured
              tail [provider]        print the events arriving on tributary.events.<provider> (all
                                     providers without one), read_committed, one line each:
                                     time, type, subject, id
                  --json             print each whole CloudEvent instead
                  --from-beginning   start at the oldest event, not the next one
                  --max-events N     stop after N events
                  --timeout D        stop after D (e.g. 30s, 5m)
              backfill <provider> --since <RFC 3339 time>
                                     re-read a provider's events from that time with a cursor of its own
                                     (the live cursor does not move back; the core drops what was already
                                     published), show progress, exit 0 when done; resumable. Thirdfort
                                     only: the others are refused with the reason (Polytomic keeps 48 h,
                                     Alcmeon pages by id, STS Gen2 and Zenoo have no event history)
              drain-spool [--data-dir <dir>] [--timeout D]
                                     publish the spool a stopped instance left in <dir> (default:
                                     tributary.data-dir), e.g. the volume of a pod that is gone, to
                                     Kafka and exit 0 once it is empty (1 if not drained within D,
                                     default 10m); runs no webhook, poller or core
              cursors [provider]     list the stored poll cursors (and backfill states), when each was saved,
                                     and which replica leads each provider
              cursors set <provider> <value> | --since <RFC 3339 time> [--force]
                                     move a provider's live cursor (--since: time cursors only); refused
                                     while a replica polls that provider, unless --force; logged
              deadletters [provider] [--since <RFC 3339 time>] [--json]
                                     list the dead letters (read_committed): received, provider, channel,
                                     the provider's id, redrives, reason; then the counts by reason
              redrive <provider> [--since T] [--until T] [--reason <text>] [--dry-run]
                                     run that provider's dead letters through today's route file into the
                                     inbox, beside the running instances (same settings); the core publishes
                                     each event once; one failing with a new reason is dead-lettered again
              check [routes-dir] [--fixtures <dir>]
                                     validate the route files Tributary would run (the shipped catalogue
                                     plus routes-dir) offline, with no Kafka: beans, properties, template
                                     parameters, JSONPaths, each provider's fixture and signature vectors
                                     (from <dir>/<id>/, default src/test/resources/providers); one line
                                     per file, exit 0 when all are ok, 1 otherwise
              --help                 this help

            Settings come from -D options, environment variables (tributary.x.y-z -> TRIBUTARY_X_Y_Z) and
            application.properties; tail reads Kafka at tributary.kafka.bootstrap-servers, else the embedded
            broker at 127.0.0.1:<tributary.kafka.embedded-port> (9092).
            Configuration reference: docs/configuration.md (every setting, its default and meaning) and
            docs/providers.md; the sandbox and tail: docs/getting-started.md; operating: docs/operating.md.
            """;

    private Cli() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String command = rest.isEmpty() || rest.get(0).startsWith("-") ? "run" : rest.remove(0);
        LaunchConfig config = LaunchConfig.current();
        switch (command) {
            case "run" -> {
                if (rest.remove("--help") || rest.remove("-h")) {
                    System.out.print(HELP);
                } else if (rest.remove("--sandbox") || Boolean.parseBoolean(config.get("tributary.sandbox", "false"))) {
                    sandbox(rest.toArray(String[]::new), config);
                } else {
                    start(newMain(), rest.toArray(String[]::new), config, Map.of());
                }
            }
            case "tail" -> System.exit(Tail.run(rest, config, System.out));
            case "backfill" -> System.exit(BackfillCommand.run(rest, config, System.out, System.err));
            case "drain-spool" -> System.exit(DrainSpoolCommand.run(rest, config, System.out, System.err));
            case "cursors" -> System.exit(CursorsCommand.run(rest, config, System.out, System.err));
            case "deadletters" -> System.exit(DeadLettersCommand.run(rest, config, System.out, System.err));
            case "redrive" -> System.exit(RedriveCommand.run(rest, config, System.out, System.err));
            case "check" -> System.exit(CheckCommand.run(rest, config, System.out));
            case "help" -> System.out.print(HELP);
            default -> {
                System.err.println("Unknown command '" + command + "'.\n\n" + HELP);
                System.exit(2);
            }
        }
    }

    private static void sandbox(String[] camelArgs, LaunchConfig config) throws Exception {
        System.setProperty(JsonHttpSimulator.NODELAY, "true"); // before the simulators' servers start (read once per process)
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(config);
        } catch (IllegalStateException refused) {
            System.err.println("ERROR: " + refused.getMessage());
            System.exit(2);
            return;
        }
        try (sandbox) {
            Main main = newMain();
            sandbox.properties().forEach(main::addOverrideProperty);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                    sandbox.startTrickle();
                }
            });
            start(main, camelArgs, config, sandbox.properties());
        }
    }

    /**
     * Checks the route files (no broker, no server: a mistake exits at once, naming file and line),
     * then runs Camel Main on the shipped catalogue plus routes-dir. A start that fails all the same
     * (Kafka, a port, a setting) prints one line, stops what started, and exits 1: the embedded
     * broker and Kafka clients run non-daemon threads that would keep a half-started JVM alive.
     */
    private static void start(Main main, String[] camelArgs, LaunchConfig config, Map<String, String> overrides) {
        Path routesDir = Path.of(config.get("tributary.routes-dir", "routes"));
        List<Problem> problems;
        try {
            problems = CheckCommand.beforeStart(routesDir, overrides);
        } catch (RuntimeException e) {
            problems = List.of(RouteLoad.problem(routesDir.toString(), e));
        }
        if (!problems.isEmpty()) {
            // One line: the first mistake; check lists them all.
            System.err.println("ERROR: Tributary cannot start: " + problems.get(0)
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more: run check)" : ""));
            System.exit(1);
        }
        StartFailure.requireFreePorts(config);
        main.addOverrideProperty("camel.main.routes-include-pattern", RouteCatalogue.includePattern(routesDir));
        StartFailure.deadline(main, config);
        Throwable failure = null;
        int code;
        try {
            code = main.run(camelArgs);
        } catch (Exception | Error e) {
            failure = e;
            code = 1;
        }
        if (code != 0) {
            System.err.println("ERROR: Tributary cannot start: " + (failure == null ? "Camel did not start (see the log above)"
                    : RouteLoad.problem("", failure)));
            StartFailure.exit(main, code);
        }
    }

    private static Main newMain() {
        Main main = new Main();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(org.apache.camel.main.BaseMainSupport m) {
                ReadyLine.logWhenReady(m.getCamelContext());
            }
        });
        return main;
    }
}
