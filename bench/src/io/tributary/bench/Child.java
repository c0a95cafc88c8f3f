package io.tributary.bench;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A JVM of its own (Tributary, or the bare server), so its memory is measured alone. */
final class Child implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Child(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Child start(List<String> jvmOptions, String classpath, String mainClass, Map<String, String> props, List<String> args, String log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.addAll(List.of("-cp", classpath, mainClass));
        cmd.addAll(args);
        Path out = Path.of("target/bench", log);
        return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start(), out);
    }

    /** Waits (bounded) until something listens on the port. */
    void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child exited with " + process.exitValue());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // start-up poll, not a measured wait
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }

    /** Waits (bounded) until the management port answers 200 on the readiness path: routes are up. */
    void awaitReady(int managementPort) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + managementPort + "/observe/health/ready");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("child exited with " + process.exitValue());
            }
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // start-up poll, not a measured wait
        }
        throw new IllegalStateException("not ready on " + managementPort);
    }

    /** Writes one line to the child's stdin (a command for {@link BareStreams}). */
    void send(String line) throws java.io.IOException {
        process.getOutputStream().write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        process.getOutputStream().flush();
    }

    /** Waits (bounded) until the child's log has a line equal to {@code line}. */
    void awaitLine(String line) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.readAllLines(log).contains(line)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no line '" + line + "' from the child; see " + log);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // a command's answer, not a measured wait
        }
    }

    /** Resident set size in MB, from /proc. */
    double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }

    /** CPU time (user and system) the process has used so far, in seconds. */
    double cpuSeconds() {
        return cpuSeconds(process.toHandle());
    }

    static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }
}
