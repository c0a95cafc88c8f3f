package io.tributary.testing;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Tributary as a child JVM (the real main class, the real routes/), so a test can kill it with
 * SIGKILL: no shutdown hook, no commit, no flush. Restarts reuse the same properties, ports and
 * data directory, as a process supervisor would.
 */
public final class ChildTributary implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> properties;
    private final Map<String, String> environment = new HashMap<>();
    private final String name;
    private final int httpPort;
    private final int managementPort;
    private Process process;
    private int starts;

    public ChildTributary(String name, Map<String, String> properties) {
        this.name = name;
        this.properties = new HashMap<>(properties);
        this.httpPort = Integer.parseInt(this.properties.computeIfAbsent("tributary.http.port", k -> String.valueOf(TributaryApp.freePort())));
        this.managementPort = Integer.parseInt(this.properties.computeIfAbsent("tributary.management.port", k -> String.valueOf(TributaryApp.freePort())));
    }

    /** JVM options instead of the default {@code -Xmx256m -XX:+UseSerialGC} (e.g. the production options of docs/operating.md). */
    public ChildTributary withJvmOptions(List<String> options) {
        jvmOptions = List.copyOf(options);
        return this;
    }

    private List<String> jvmOptions = List.of("-Xmx256m", "-XX:+UseSerialGC");

    /** Environment variables added to the child's (inherited) environment. */
    public ChildTributary withEnvironment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    /** Starts the JVM and waits until it reports ready. */
    public ChildTributary start() throws IOException {
        File log = launch();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log: " + log);
            }
            return ready();
        });
        return this;
    }

    /** The outcome of a start expected to fail: the exit code and everything the child printed. */
    public record Exit(int code, String output) {
    }

    /** Starts the JVM and waits (at most {@code timeout}) for it to exit by itself. */
    public Exit startExpectingExit(Duration timeout) throws IOException {
        File log = launch();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> !process.isAlive());
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within " + timeout + "; log: " + log, e);
        }
        Exit exit = new Exit(process.exitValue(), Files.readString(log.toPath()));
        process = null;
        return exit;
    }

    private File launch() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("io.tributary.Tributary");
        File log = Files.createTempFile("tributary-" + name + "-" + (++starts) + "-", ".log").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true).redirectOutput(log);
        pb.environment().putAll(environment);
        process = pb.start();
        return log;
    }

    public boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
            process = null;
        }
    }

    /** SIGTERM (a graceful stop, as a supervisor or Kubernetes sends it), without waiting. */
    public void terminate() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGTERM (a graceful stop, as a supervisor or Kubernetes sends it), and wait until the process is gone. */
    public void stop(Duration timeout) throws InterruptedException {
        if (process != null) {
            terminate();
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(name + " did not stop within " + timeout + " of SIGTERM");
            }
            process = null;
        }
    }

    /** The value of a Prometheus sample on the management port, e.g. {@code tributary_leader} with {@code provider="thirdfort"}; -1 when absent or unreachable. */
    public double metric(String name, String label) {
        if (process == null) {
            return -1;
        }
        try {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
                    + "\\{[^}]*" + java.util.regex.Pattern.quote(label) + "[^}]*\\} (\\S+)$").matcher(body);
            return m.find() ? Double.parseDouble(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code /observe/metrics}, the Prometheus text. */
    public String metrics() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code /observe/health?data=true} as JSON text (details need {@code tributary.management.exposure-level=full}). */
    public String health() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/health?data=true"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public String name() {
        return name;
    }

    public String webhookUrl(String provider) {
        return "http://127.0.0.1:" + httpPort + "/webhooks/" + provider;
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
