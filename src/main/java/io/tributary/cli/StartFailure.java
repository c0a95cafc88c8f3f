package io.tributary.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import io.tributary.config.LaunchConfig;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * Ends a JVM whose start failed: stops what started, in order (the context's services: Kafka
 * clients, the core, the embedded broker last), then exits. A watchdog halts the JVM if that stop
 * or a shutdown hook hangs, so a failed start never leaves a process up with no webhook port.
 */
final class StartFailure {

    /** How long the orderly stop and the shutdown hooks may take before the JVM is halted. */
    static final long HALT_AFTER_MILLIS = 10_000;

    private StartFailure() {
    }

    /**
     * A port in use makes Vert.x fail on its event loop while Camel waits for the server forever, the
     * broker already up: refused here, before anything starts. (0 is a random port, always free.)
     */
    static void requireFreePorts(LaunchConfig config) {
        for (String server : List.of("http", "management")) {
            String host = config.get("tributary." + server + ".host", "127.0.0.1");
            int port = Integer.parseInt(config.get("tributary." + server + ".port", "0"));
            if (port > 0) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.setReuseAddress(true);
                    probe.bind(new InetSocketAddress(host, port));
                } catch (IOException e) {
                    System.err.println("ERROR: Tributary cannot start: tributary." + server + ".port " + port + " on " + host
                            + " is in use (" + e.getMessage() + ")");
                    System.exit(1);
                }
            }
        }
    }

    /**
     * The last resort for a start that hangs (a server or client that waits forever): when Camel has
     * not started within {@code tributary.start-timeout} (default 5m; Kafka's own wait is shorter), the
     * start has failed.
     */
    static void deadline(Main main, LaunchConfig config) {
        Duration timeout = Duration.parse("PT" + config.get("tributary.start-timeout", "5m").toUpperCase(java.util.Locale.ROOT));
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            CamelContext context = main.getCamelContext();
            if (context == null || !context.isStarted()) {
                System.err.println("ERROR: Tributary cannot start: not started within tributary.start-timeout (" + timeout.toSeconds() + " s)");
                exit(main, 1);
            }
        }, "tributary-start-deadline");
        t.setDaemon(true);
        t.start();
    }

    static void exit(Main main, int code) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(HALT_AFTER_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("ERROR: Tributary did not stop within " + HALT_AFTER_MILLIS + " ms of a failed start: halting");
            Runtime.getRuntime().halt(code);
        }, "tributary-start-failure-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            CamelContext context = main.getCamelContext();
            if (context != null) {
                context.stop();
            }
        } catch (RuntimeException e) {
            System.err.println("ERROR: stopping after the failed start: " + e.getMessage());
        }
        System.exit(code);
    }
}
