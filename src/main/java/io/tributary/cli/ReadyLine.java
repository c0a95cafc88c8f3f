package io.tributary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.tributary.event.Channel;
import io.tributary.config.Settings;
import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.kafka.KafkaSettings;
import io.tributary.core.StreamsCore;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line an operator reads to know a start went well: the version, the providers and their
 * channels, where webhooks and management listen, which Kafka, the data directory and the core's
 * state. Logged once readiness is UP and the core runs (or after {@link #PATIENCE}, saying what
 * is not ready), from a thread of its own so start-up does not wait for it.
 */
public final class ReadyLine {

    private static final Logger LOG = LoggerFactory.getLogger(ReadyLine.class);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private ReadyLine() {
    }

    public static void logWhenReady(CamelContext context) {
        Thread t = new Thread(() -> await(context), "tributary-ready-line");
        t.setDaemon(true);
        t.start();
    }

    private static void await(CamelContext context) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<String> notReady = notReady(context);
        while ((!notReady.isEmpty() || !coreRunning(context)) && System.nanoTime() < deadline && context.isStarted()) {
            try {
                Thread.sleep(200); // a few checks a second for at most a minute, once per start
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            notReady = notReady(context);
        }
        if (!context.isStarted()) {
            return;
        }
        if (notReady.isEmpty()) {
            LOG.info("Tributary {} ready: {}", version(), describe(context));
        } else {
            LOG.info("Tributary {} started, not ready after {} s ({} not UP): {}", version(), PATIENCE.toSeconds(),
                    String.join(", ", notReady), describe(context));
        }
    }

    /** The readiness checks that are not UP, by id (empty: /observe/health/ready answers 200). */
    private static List<String> notReady(CamelContext context) {
        List<String> down = new ArrayList<>();
        for (HealthCheck.Result r : HealthCheckHelper.invokeReadiness(context)) {
            if (r.getState() != HealthCheck.State.UP) {
                down.add(r.getCheck().getId());
            }
        }
        return down;
    }

    private static boolean coreRunning(CamelContext context) {
        StreamsCore core = context.getRegistry().lookupByNameAndType("streamsCore", StreamsCore.class);
        return core == null || core.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING;
    }

    static String describe(CamelContext context) {
        Settings s = Settings.of(context);
        StreamsCore core = context.getRegistry().lookupByNameAndType("streamsCore", StreamsCore.class);
        return "providers " + providers(context)
                + "; webhooks http://" + s.string("tributary.http.host", "127.0.0.1") + ":" + s.string("tributary.http.port", "8080")
                + "/webhooks/<provider>; management http://" + s.string("tributary.management.host", "127.0.0.1") + ":"
                + s.string("tributary.management.port", "9876") + "/observe/health; Kafka " + kafka(context)
                + "; data directory " + s.string("tributary.data-dir", "data")
                + "; core " + (core == null ? "off" : core.state().name());
    }

    /** {@code alcmeon (webhook, poll), zenoo (webhook, pull)}: from the route ids {@code <provider>-<channel>}. */
    static String providers(CamelContext context) {
        Map<String, Set<Channel>> byProvider = new TreeMap<>();
        for (Route r : context.getRoutes()) {
            for (Channel c : Channel.values()) {
                String suffix = "-" + c.id();
                if (r.getRouteId().endsWith(suffix) && r.getRouteId().length() > suffix.length()) {
                    byProvider.computeIfAbsent(r.getRouteId().substring(0, r.getRouteId().length() - suffix.length()),
                            p -> new TreeSet<>()).add(c);
                }
            }
        }
        if (byProvider.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        byProvider.forEach((p, channels) -> parts.add(p + " (" + String.join(", ", channels.stream().map(Channel::id).toList()) + ")"));
        return String.join(", ", parts);
    }

    private static String kafka(CamelContext context) {
        EmbeddedKafkaBroker broker = context.getRegistry().lookupByNameAndType("embeddedKafka", EmbeddedKafkaBroker.class);
        if (broker != null) {
            return "embedded at " + broker.bootstrapServers() + " (controller 127.0.0.1:" + broker.controllerPort() + ")";
        }
        KafkaSettings kafka = context.getRegistry().lookupByNameAndType("kafkaSettings", KafkaSettings.class);
        return kafka == null ? "unknown" : kafka.bootstrapServers();
    }

    /** The project version, written into io/tributary/version.properties by the build. */
    static String version() {
        try (InputStream in = ReadyLine.class.getResourceAsStream("/io/tributary/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "(version unknown)");
        } catch (IOException e) {
            return "(version unknown)";
        }
    }
}
