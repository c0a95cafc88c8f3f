package io.tributary.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.tributary.config.LaunchConfig;
import io.tributary.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox: simulators of the five seed providers on 127.0.0.1, the settings that point
 * Tributary at them (generated secrets, their URLs, short intervals), and a steady trickle of
 * events: every {@code tributary.sandbox.interval} each provider makes a few, some pushed as
 * signed webhooks and some left for Tributary's pollers and pulls.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final List<SandboxProvider> providers = new ArrayList<>();
    private final Map<String, String> properties = new HashMap<>();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-trickle");
        t.setDaemon(true);
        return t;
    });
    private final Webhooks webhooks;
    private final Duration interval;
    private final String intervalText;

    /** Refuses (nothing started) when the guard finds real credentials or a remote Kafka cluster. */
    public static Sandbox start(LaunchConfig config) throws IOException {
        List<String> problems = SandboxGuard.problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start the sandbox: it simulates providers with its own secrets and "
                    + "must never run against real ones.\n  - " + String.join("\n  - ", problems)
                    + "\nUnset these settings, or run Tributary without --sandbox / tributary.sandbox.");
        }
        return new Sandbox(config);
    }

    private Sandbox(LaunchConfig config) throws IOException {
        String tributary = "http://127.0.0.1:" + config.get("tributary.http.port", "8080");
        this.webhooks = new Webhooks(tributary);
        this.intervalText = config.get("tributary.sandbox.interval", "5s");
        this.interval = Settings.parseDuration(intervalText);
        try {
            providers.add(ThirdfortSimulator.forSandbox());
            providers.add(StsGen2Simulator.forSandbox(tributary));
            providers.add(AlcmeonSimulator.forSandbox());
            providers.add(PolytomicSimulator.forSandbox());
            providers.add(ZenooSimulator.forSandbox());
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        providers.forEach(p -> properties.putAll(p.properties()));
        if (config.explicit("tributary.data-dir").isEmpty()) {
            Path dir = Path.of("data", "sandbox");
            deleteRecursively(dir); // simulators start empty each run, so must the cursors and the dedupe store
            properties.put("tributary.data-dir", dir.toString());
        }
        banner(tributary, ports(config));
    }

    /** The settings to give Camel as override properties, before it resolves any placeholder. */
    public Map<String, String> properties() {
        return Map.copyOf(properties);
    }

    /** Starts the trickle: the first events at once, then every interval. */
    public void startTrickle() {
        ticks.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        for (SandboxProvider p : providers) {
            try {
                p.tick(webhooks);
            } catch (IOException | RuntimeException e) {
                LOG.warn("sandbox: {} could not make its events: {}", p.id(), e.toString());
            }
        }
    }

    /** Every port the sandbox opens on 127.0.0.1, as configured (0: a free one, named in the ready line). */
    private String ports(LaunchConfig config) {
        String kafka = config.get("tributary.kafka.bootstrap-servers", "");
        if (kafka.isBlank()) {
            String broker = config.get("tributary.kafka.embedded-port", "9092");
            String controller = config.get("tributary.kafka.embedded-controller-port",
                    broker.equals("0") ? "0" : String.valueOf(Integer.parseInt(broker) + 1));
            kafka = "embedded Kafka " + broker + " and its controller " + controller;
        } else {
            kafka = "Kafka at " + kafka + " (not started by the sandbox)";
        }
        List<String> simulators = providers.stream().map(p -> p.id() + " " + p.baseUrl().substring(p.baseUrl().lastIndexOf(':') + 1)).toList();
        return "webhooks " + config.get("tributary.http.port", "8080") + ", management " + config.get("tributary.management.port", "9876")
                + ", " + kafka + ", simulators " + String.join(", ", simulators);
    }

    private void banner(String tributary, String ports) {
        String line = "*".repeat(96);
        LOG.warn(line);
        LOG.warn("***  SANDBOX MODE: simulated providers, generated secrets, NOT FOR PRODUCTION");
        LOG.warn("***  Simulators of {} on 127.0.0.1 send signed webhooks to {} and answer its polls and pulls.",
                providers.stream().map(SandboxProvider::id).toList(), tributary);
        LOG.warn("***  Events arrive every {} on tributary.events.<provider>; see them with: java -jar target/tributary.jar tail", intervalText);
        LOG.warn("***  Ports on 127.0.0.1: {}", ports);
        LOG.warn(line);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        providers.forEach(SandboxProvider::close);
    }
}
