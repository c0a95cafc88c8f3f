package io.tributary.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tributary.config.LaunchConfig;
import io.tributary.config.Settings;
import io.tributary.spool.Spool;
import io.tributary.spool.SpoolDrain;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

/**
 * {@code drain-spool [--data-dir DIR] [--timeout D]}: publishes the spool that a stopped instance
 * left in its data directory (e.g. the volume of a pod that is not coming back) into the inbox,
 * and exits 0 once it is empty. It runs only Tributary's shared routes: no webhook or management
 * port, no provider route (so no poller, and no leadership to take), and no core. The running
 * instances' cores publish what it writes; it never joins their group with the instance id kept
 * on the borrowed volume.
 */
final class DrainSpoolCommand {

    static final String USAGE = "Usage: java -jar target/tributary.jar drain-spool [--data-dir <dir>] [--timeout <duration, default 10m>]";

    private DrainSpoolCommand() {
    }

    static int run(List<String> args, LaunchConfig config, PrintStream out, PrintStream err) throws Exception {
        Path dataDir = Path.of(config.get("tributary.data-dir", "data"));
        Duration timeout = Duration.ofMinutes(10);
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--data-dir" -> dataDir = Path.of(args.get(++i));
                    case "--timeout" -> timeout = Settings.parseDuration(args.get(++i));
                    default -> throw new IllegalArgumentException("unexpected argument " + args.get(i));
                }
            }
        } catch (RuntimeException bad) { // also a missing value or a duration that does not parse
            err.println("drain-spool: " + bad.getMessage() + "\n" + USAGE);
            return 2;
        }
        return drain(dataDir, timeout, Map.of(), out, err);
    }

    /** @param overrides further settings (tests; the command line takes them from -D and the environment) */
    static int drain(Path dataDir, Duration timeout, Map<String, String> overrides, PrintStream out, PrintStream err) throws Exception {
        if (!Files.isDirectory(dataDir)) {
            err.println("drain-spool: no data directory at " + dataDir.toAbsolutePath() + " (give the volume's mount point with --data-dir).");
            return 2;
        }
        Path spool = dataDir.resolve("spool");
        Path failed = dataDir.resolve("spool-failed");
        long pending = Spool.entriesOnDisk(spool);
        if (pending == 0) {
            out.println("drain-spool: " + spool + " holds no delivery: nothing to drain.");
            return 0;
        }
        long failedBefore = Spool.entriesOnDisk(failed);
        out.println("drain-spool: " + pending + " deliveries in " + spool + "; publishing them to Kafka (for at most " + timeout.toSeconds() + " s).");

        Main main = new Main();
        overrides.forEach(main::addOverrideProperty);
        drainOnly(dataDir).forEach(main::addOverrideProperty);
        main.bind("noElection", new io.tributary.cluster.NoElection()); // the master component needs one to start
        AtomicBoolean empty = new AtomicBoolean();
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                m.getCamelContext().getRegistry().lookupByNameAndType("spoolDrain", SpoolDrain.class).whenEmpty(() -> {
                    if (empty.compareAndSet(false, true)) {
                        main.completed();
                    }
                });
            }
        });
        ScheduledExecutorService deadline = Executors.newSingleThreadScheduledExecutor();
        deadline.schedule(main::completed, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            main.run(new String[0]);
        } catch (Exception e) {
            err.println("drain-spool: Tributary could not start: " + e.getMessage());
        } finally {
            deadline.shutdownNow();
        }

        long left = Spool.entriesOnDisk(spool);
        if (empty.get() && left == 0) {
            long movedAside = Spool.entriesOnDisk(failed) - failedBefore;
            out.println("drain-spool: done, " + spool + " is empty; its deliveries are in the inbox topic."
                    + (movedAside > 0 ? " " + movedAside + " could not be drained: they are in the dead-letter topic and kept in " + failed + "." : ""));
            return 0;
        }
        err.println("drain-spool: not drained within " + timeout.toSeconds() + " s, " + left + " deliveries are still in " + spool + " (nothing was lost). "
                + "The drain's errors are in the log above (usually Kafka unreachable); fix that and run drain-spool again.");
        return 1;
    }

    /** The settings that make this Tributary the spool drain and nothing else. */
    static Map<String, String> drainOnly(Path dataDir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("tributary.data-dir", dataDir.toString());
        // Shared routes only (drain, ingest, publish, dead letters): provider routes are named <provider>-*.
        p.put("camel.main.route-filter-include-pattern", "tributary-*");
        p.put("camel.server.enabled", "false");
        p.put("camel.management.enabled", "false");
        p.put("tributary.core.enabled", "false");
        // No poller runs, so there is nothing to elect; and a Job has no token for Kubernetes' Leases.
        p.put("tributary.cluster.service", "none");
        return p;
    }
}
