package io.tributary.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.testing.TributaryApp;

/**
 * Runs {@link EngineFloor} as Tributary is measured: its own JVM with Tributary's JVM options,
 * the same load, and CPU counted until a read_committed consumer has seen every event on the
 * output. The difference between Tributary and these floors is what Tributary's own code costs.
 */
final class Floors {

    static final String WEBHOOK_INPUT = "bench-floor-webhooks-input";
    static final String WEBHOOK_OUTPUT = "bench-floor-webhooks-output";
    static final String INGEST_INPUT = "bench-floor-ingest-input";
    static final String INGEST_OUTPUT = "bench-floor-ingest-output";
    static final List<String> TOPICS = List.of(WEBHOOK_INPUT, WEBHOOK_OUTPUT, INGEST_INPUT, INGEST_OUTPUT);

    /** A floor's run: its rate, CPU per event of its own process and of the benchmark's JVM (the broker, the consumer), and its RSS after. */
    record Result(double rate, double p99, double ownCpuMicros, double brokerCpuMicros, double rssMb) {
        static final Result NONE = new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private Floors() {
    }

    /** The relay feeding the bare topology, driven by {@code wrk} like Tributary (warm-up ids repeat, as Tributary's do). */
    static Result webhooks(List<String> jvm, String cp, String bootstrap, String secret, String lingerMs, Path warmRequests, int warmIds,
                           Path runRequests, int concurrency, int warmSeconds, int seconds) throws Exception {
        int port = TributaryApp.freePort();
        List<String> args = new ArrayList<>(List.of("webhooks", bootstrap, WEBHOOK_INPUT, WEBHOOK_OUTPUT, state()));
        args.addAll(List.of(String.valueOf(port), secret, lingerMs));
        try (Child floor = Child.start(jvm, cp, EngineFloor.class.getName(), Map.of(), args, "floor-webhooks.log");
             Arrivals arrivals = new Arrivals(bootstrap, WEBHOOK_OUTPUT, 6)) {
            floor.awaitLine("streams running");
            floor.awaitPort(port);
            URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/thirdfort");
            Wrk.Result warm = Wrk.run(uri, warmRequests, concurrency, warmSeconds);
            long warmEvents = Math.min(warm.requests(), warmIds);
            arrivals.awaitTotal(warmEvents);
            double ownAt = floor.cpuSeconds();
            double brokerAt = Child.cpuSeconds(ProcessHandle.current());
            Wrk.Result run = Wrk.run(uri, runRequests, concurrency, seconds);
            arrivals.awaitTotal(warmEvents + run.requests());
            return new Result(run.rate(), run.p99(), (floor.cpuSeconds() - ownAt) * 1e6 / run.requests(),
                    (Child.cpuSeconds(ProcessHandle.current()) - brokerAt) * 1e6 / run.requests(), floor.rssMb());
        }
    }

    /** The inbox writer's producer feeding the bare topology in the same JVM: {@code count} to warm, then {@code count} measured. */
    static Result ingest(List<String> jvm, String cp, String bootstrap, int count) throws Exception {
        List<String> args = List.of("ingest", bootstrap, INGEST_INPUT, INGEST_OUTPUT, state());
        try (Child floor = Child.start(jvm, cp, EngineFloor.class.getName(), Map.of(), args, "floor-ingest.log");
             Arrivals arrivals = new Arrivals(bootstrap, INGEST_OUTPUT, 6)) {
            floor.awaitLine("streams running");
            floor.send("produce " + count);
            arrivals.awaitTotal(count);
            double ownAt = floor.cpuSeconds();
            double brokerAt = Child.cpuSeconds(ProcessHandle.current());
            long t0 = System.nanoTime();
            floor.send("produce " + count);
            arrivals.awaitTotal(2L * count);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(count / seconds, Double.NaN, (floor.cpuSeconds() - ownAt) * 1e6 / count,
                    (Child.cpuSeconds(ProcessHandle.current()) - brokerAt) * 1e6 / count, floor.rssMb());
        }
    }

    /** A new state directory for each run (an earlier run's store would hold its ids), under target/bench as StreamsCeiling's. */
    private static String state() throws Exception {
        return Files.createTempDirectory(Path.of("target/bench"), "floor-").toAbsolutePath().toString();
    }
}
