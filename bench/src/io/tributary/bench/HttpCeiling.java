package io.tributary.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.testing.TributaryApp;

/**
 * An HTTP ceiling (the bare server, or the relay) in its own JVM with Tributary's JVM options,
 * warmed and driven by the same {@code wrk} and requests as Tributary: its run, and CPU per
 * request of its own process and of the benchmark's JVM (the broker).
 */
record HttpCeiling(Wrk.Result result, double ownCpuMicros, double brokerCpuMicros) {

    /** A skipped ceiling: every figure NaN, so the ratios to it print NaN. */
    static final HttpCeiling NONE = new HttpCeiling(new Wrk.Result(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0), Double.NaN, Double.NaN);

    /** Starts {@code main} with the port, then {@code args}, as its arguments. */
    static HttpCeiling run(List<String> jvm, String cp, Class<?> main, List<String> args, Path warmRequests, Path runRequests,
                           int concurrency, int warmSeconds, int seconds) throws Exception {
        int port = TributaryApp.freePort();
        List<String> all = new ArrayList<>(List.of(String.valueOf(port)));
        all.addAll(args);
        try (Child server = Child.start(jvm, cp, main.getName(), Map.of(), all, main.getSimpleName() + ".log")) {
            server.awaitPort(port);
            URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/thirdfort");
            Wrk.run(uri, warmRequests, concurrency, warmSeconds);
            double ownAt = server.cpuSeconds();
            double brokerAt = Child.cpuSeconds(ProcessHandle.current());
            Wrk.Result result = Wrk.run(uri, runRequests, concurrency, seconds);
            return new HttpCeiling(result, (server.cpuSeconds() - ownAt) * 1e6 / result.requests(),
                    (Child.cpuSeconds(ProcessHandle.current()) - brokerAt) * 1e6 / result.requests());
        }
    }
}
