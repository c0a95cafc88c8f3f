package io.tributary.sandbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * A clean start says nothing alarming and one thing useful: the sandbox, run as the README's first
 * command does (a child JVM, as in {@link SandboxCommandIntegrationTest}), logs no WARN or ERROR
 * line before it is ready apart from its own banner, the banner names every port it opens, and
 * one line says what is running where. The data directory is under target/, not the OS temp
 * directory (Kafka Streams rightly warns about a state directory there).
 */
class QuietStartIntegrationTest {

    @Test
    void a_clean_sandbox_start_logs_no_warning_and_one_ready_line_that_names_what_runs_where() throws Exception {
        int http = TributaryApp.freePort();
        int management = TributaryApp.freePort();
        int kafka = TributaryApp.freePort();
        int controller = TributaryApp.freePort();
        String data = "target/quiet-start-" + UUID.randomUUID();
        // The child's temp directory is its own: a checkout that itself lives under /tmp (CI's clean clone)
        // would otherwise put target/ under the OS temp directory, where Kafka Streams rightly warns.
        Path tmp = Files.createDirectories(Path.of("target", "quiet-start-tmp-" + UUID.randomUUID()));
        Path log = Path.of("target", "quiet-start.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.io.tmpdir=" + tmp.toAbsolutePath(), "-cp", "target/classes" + File.pathSeparator
                        + Files.readString(Path.of("target", "runtime-classpath.txt")).trim(),
                "-Dtributary.data-dir=" + data, "-Dtributary.http.port=" + http, "-Dtributary.management.port=" + management,
                "-Dtributary.kafka.embedded-port=" + kafka, "-Dtributary.kafka.embedded-controller-port=" + controller,
                "io.tributary.Tributary", "--sandbox"));
        Process sandbox = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertTrue(sandbox.isAlive(), "the sandbox exited; see " + log);
                return Files.readString(log).contains(" ReadyLine - ");
            });
            List<String> lines = Files.readAllLines(log);
            int ready = indexOf(lines, " ReadyLine - ");
            List<String> alarming = lines.subList(0, ready).stream()
                    .filter(l -> l.matches("^\\S+ (WARN|ERROR) .*") && !l.contains(" Sandbox - ***")).toList();
            assertEquals(List.of(), alarming, "WARN or ERROR lines before the ready line; see " + log);

            String expected = "Tributary " + pomVersion() + " ready: providers alcmeon (webhook, poll), polytomic (webhook, poll), "
                    + "sts-gen2 (webhook), thirdfort (webhook, poll), zenoo (webhook, pull); webhooks http://127.0.0.1:" + http
                    + "/webhooks/<provider>; management http://127.0.0.1:" + management + "/observe/health; Kafka embedded at 127.0.0.1:"
                    + kafka + " (controller 127.0.0.1:" + controller + "); data directory " + data + "; core RUNNING";
            assertEquals(expected, lines.get(ready).substring(lines.get(ready).indexOf(" ReadyLine - ") + " ReadyLine - ".length()));

            String ports = lines.get(indexOf(lines, "***  Ports on 127.0.0.1: "));
            Matcher m = Pattern.compile("\\*\\*\\*  Ports on 127\\.0\\.0\\.1: webhooks " + http + ", management " + management
                    + ", embedded Kafka " + kafka + " and its controller " + controller
                    + ", simulators thirdfort (\\d+), sts-gen2 (\\d+), alcmeon (\\d+), polytomic (\\d+), zenoo (\\d+)$").matcher(ports);
            assertTrue(m.find(), ports);
            for (int port : List.of(http, management, kafka, controller, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)))) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    assertTrue(s.isConnected(), "port " + port);
                }
            }
        } finally {
            sandbox.destroy();
            sandbox.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains '" + text + "'");
    }

    private static String pomVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>tributary</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find());
        return m.group(1);
    }
}
