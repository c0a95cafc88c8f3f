package io.tributary.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code java -jar target/tributary.jar --sandbox}, run as a child
 * process from the repository root. {@code mvn test} runs before {@code package}, so the jar does
 * not exist yet: the child runs what the jar's manifest runs, {@code io.tributary.Tributary} on
 * target/classes plus the runtime classpath (target/runtime-classpath.txt, written by the build).
 * Only test-specific settings are added: a temporary data directory and free ports.
 * {@code .ci/smoke} runs the packaged jar itself.
 */
class SandboxCommandIntegrationTest {

    private static final Set<String> PROVIDERS = Set.of("thirdfort", "sts-gen2", "alcmeon", "polytomic", "zenoo");

    @TempDir
    Path data;

    @Test
    void the_readme_command_puts_events_of_all_five_providers_into_kafka_within_a_minute_and_tail_prints_them() throws Exception {
        int kafka = TributaryApp.freePort();
        int management = TributaryApp.freePort();
        Process sandbox = java(List.of("-Dtributary.data-dir=" + data, "-Dtributary.http.port=" + TributaryApp.freePort(),
                "-Dtributary.management.port=" + management, "-Dtributary.kafka.embedded-port=" + kafka,
                "-Dtributary.kafka.embedded-controller-port=" + TributaryApp.freePort()), "sandbox", "--sandbox");
        Process tail = java(List.of("-Dtributary.kafka.embedded-port=" + kafka), "tail",
                "tail", "--from-beginning", "--timeout", "120s");
        Path tailOut = Path.of("target", "sandbox-it-tail.out");
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("127.0.0.1:" + kafka)) {
            consumer.subscribe(Pattern.compile("tributary\\.events\\..+"));
            Set<String> seen = new TreeSet<>();
            // 60 s from the launch of the JVM, broker start included (about 15 s on an idle machine)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertTrue(sandbox.isAlive(), "the sandbox exited; see target/sandbox-it-sandbox.log");
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.topic().substring("tributary.events.".length())));
                assertEquals(new TreeSet<>(PROVIDERS), seen, "providers with events in Kafka; see target/sandbox-it-sandbox.log");
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                String out = Files.readString(tailOut);
                return PROVIDERS.stream().allMatch(p -> Pattern.compile("(?m)^\\S+  " + Pattern.quote(p) + "\\.\\S+  \\S+  \\S+$").matcher(out).find());
            });
            // The Grafana dashboard queries only metrics that a running instance exports.
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + management + "/observe/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            Set<String> exported = new TreeSet<>();
            metrics.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
            Set<String> missing = new TreeSet<>(io.tributary.catalog.ObservabilityFilesTest.dashboardMetrics());
            missing.removeIf(name -> exported.stream().anyMatch(e -> e.equals(name) || e.startsWith(name + "_")));
            assertEquals(Set.of(), missing, "metrics the dashboard queries but /observe/metrics does not export");
        } finally {
            tail.destroy();
            sandbox.destroy();
            sandbox.waitFor(30, TimeUnit.SECONDS);
            tail.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void the_sandbox_refuses_to_start_with_real_provider_credentials() throws Exception {
        Process p = java(List.of("-Dtributary.data-dir=" + data, "-Dtributary.thirdfort.webhook-secret=a-real-one",
                "-Dtributary.kafka.bootstrap-servers=kafka.prod.example.com:9092"), "refused", "--sandbox");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        String log = Files.readString(Path.of("target", "sandbox-it-refused.log"));
        assertTrue(log.contains("refusing to start the sandbox") && log.contains("tributary.thirdfort.webhook-secret")
                && log.contains("kafka.prod.example.com:9092") && !log.contains("a-real-one"), log);
    }

    /** {@code java <options> io.tributary.Tributary <args>} on the jar's classpath; output to target/sandbox-it-<name>.*. */
    private static Process java(List<String> options, String name, String... args) throws IOException {
        Path classpathFile = Path.of("target", "runtime-classpath.txt");
        assertTrue(Files.exists(classpathFile), "run through Maven: the build writes " + classpathFile);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "target/classes" + File.pathSeparator + Files.readString(classpathFile).trim()));
        cmd.addAll(options);
        cmd.add("io.tributary.Tributary");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("."));
        if (name.equals("tail")) {
            return pb.redirectOutput(Path.of("target", "sandbox-it-tail.out").toFile())
                    .redirectError(Path.of("target", "sandbox-it-tail.err").toFile()).start();
        }
        return pb.redirectErrorStream(true).redirectOutput(Path.of("target", "sandbox-it-" + name + ".log").toFile()).start();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "sandbox-it-" + UUID.randomUUID());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        p.put("metadata.max.age.ms", "1000");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
