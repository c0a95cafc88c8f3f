package io.tributary.cli;

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
