package io.tributary.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;

import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.testing.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Tributary against the ceilings of the same machine, measured in the same run: a bare HTTP
 * server driven by the same load generator, Kafka's own producer on the same broker, and the
 * simulator's own page rate. Tributary runs as its own JVM with the README's JVM options, against
 * a broker outside it (this JVM), so its memory is its own. Arguments: seconds of webhook load,
 * connections, backfill size (defaults 20 32 100000). JVM options: TRIBUTARY_JAVA_OPTS (default the README's).
 */
public final class Benchmark {

    static final String README_JVM_OPTIONS = "-Xms160m -Xmx160m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC -Xss512k";
    private static final String TOPIC = "tributary.events.thirdfort";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int backfill = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int webhooks = 300_000; // unique ids available to wrk; more than 20 s of the bare server
        List<String> jvm = Arrays.asList(System.getenv().getOrDefault("TRIBUTARY_JAVA_OPTS", README_JVM_OPTIONS).trim().split("\\s+"));
        String cp = System.getProperty("java.class.path");
        Load load = new Load();
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory("bench-kafka"), 0, 0).start();
             ThirdfortSimulator sim = new ThirdfortSimulator()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("bench-ceiling", 6, (short) 1), new NewTopic(TOPIC, 6, (short) 1))).all().get();
            }
            Ceilings.producer(bootstrap, "bench-ceiling", 100_000, true); // warm the broker: a fresh one is ~45 % slower
            double producerDefault = Ceilings.producer(bootstrap, "bench-ceiling", 300_000, false);
            double producerTuned = Ceilings.producer(bootstrap, "bench-ceiling", 300_000, true);
            System.out.printf("ceiling  kafka producer, 1 KB records, acks=all, idempotent: default %.0f rec/s, tuned (linger 10 ms, 256 KB, lz4) %.0f rec/s%n",
                    producerDefault, producerTuned);

            Path warmRequests = Wrk.requests("warm", 50_000);
            Path runRequests = Wrk.requests("run", webhooks);
            int barePort = TributaryApp.freePort();
            Wrk.Result bare;
            try (Child server = Child.start(jvm, cp, BareServer.class.getName(), Map.of(), List.of(String.valueOf(barePort)), "bare-server.log")) {
                server.awaitPort(barePort);
                URI uri = URI.create("http://127.0.0.1:" + barePort + "/webhooks/thirdfort");
                Wrk.run(uri, warmRequests, concurrency, 10);
                bare = Wrk.run(uri, runRequests, concurrency, seconds);
            }
            System.out.printf("ceiling  bare HTTP server, wrk %d connections %d s: %s%n", concurrency, seconds, bare.summary());

            double pages;
            try (ThirdfortSimulator ceilingSim = new ThirdfortSimulator()) {
                ceilingSim.add(backfill);
                pages = Ceilings.simulatorPages(ceilingSim, backfill);
            }
            System.out.printf("ceiling  simulator pages of 100, read one after another: %.0f items/s%n", pages);

            Path data = Files.createTempDirectory("bench-data");
            int http = TributaryApp.freePort();
            int management = TributaryApp.freePort();
            Map<String, String> props = Map.ofEntries(
                    Map.entry("tributary.kafka.bootstrap-servers", bootstrap),
                    Map.entry("tributary.data-dir", data.toString()),
                    Map.entry("tributary.http.port", String.valueOf(http)),
                    Map.entry("tributary.management.port", String.valueOf(management)),
                    Map.entry("tributary.thirdfort.webhook-secret", Load.SECRET),
                    Map.entry("tributary.thirdfort.base-url", sim.baseUrl()),
                    Map.entry("tributary.thirdfort.token-url", sim.tokenUrl()),
                    Map.entry("tributary.thirdfort.organization", ThirdfortSimulator.ORG),
                    Map.entry("tributary.thirdfort.client-id", ThirdfortSimulator.CLIENT_ID),
                    Map.entry("tributary.thirdfort.client-secret", ThirdfortSimulator.CLIENT_SECRET),
                    Map.entry("tributary.thirdfort.poll-interval", "1s"));
            try (Child tributary = Child.start(jvm, "target/tributary.jar", "io.tributary.Tributary", props, List.of(), "tributary.log");
                 Arrivals arrivals = new Arrivals(bootstrap, TOPIC, 6)) {
                tributary.awaitReady(management);
                double rssReady = tributary.rssMb();
                URI uri = URI.create("http://127.0.0.1:" + http + "/webhooks/thirdfort");
                Wrk.run(uri, warmRequests, concurrency, 10);
                Wrk.Result run = Wrk.run(uri, runRequests, concurrency, seconds);
                System.out.printf("tributary signed webhooks, unique ids, wrk %d connections %d s: %s%n", concurrency, seconds, run.summary());
                System.out.printf("ratio    webhooks: %.1f %% of the bare server's throughput; p99 %.1f x the bare server's p99%n",
                        100 * run.rate() / bare.rate(), run.p99() / bare.p99());

                endToEnd(load, uri, arrivals);

                int before = arrivals.polled();
                long t0 = System.nanoTime();
                sim.add(backfill);
                while (arrivals.polled() - before < backfill) {
                    LockSupport.parkNanos(20_000_000L); // progress check of the measured run
                }
                double rate = backfill / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("tributary backfill of %d polled notifications, visible to a read_committed consumer: %.0f events/s%n", backfill, rate);
                System.out.printf("ratio    backfill: %.1f %% of the tuned producer, %.1f %% of the default producer, %.1f %% of the simulator's page rate%n",
                        100 * rate / producerTuned, 100 * rate / producerDefault, 100 * rate / pages);
                System.out.printf("memory   tributary RSS with %s: %.0f MB at ready, %.0f MB after the benchmark%n",
                        String.join(" ", jvm), rssReady, tributary.rssMb());
            }
        }
        System.exit(0);
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Webhooks at 1,000/s for 15 s: time from each 2xx to the event being visible to a read_committed consumer. */
    private static void endToEnd(Load load, URI uri, Arrivals arrivals) {
        int count = 15_000;
        Map<String, Long> answered = load.openLoop(uri, "e2e", count, 1000); // id -> sent at
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (answered.keySet().stream().anyMatch(id -> arrivals.visibleAt(id) == null) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(50_000_000L);
        }
        List<Long> latencies = new ArrayList<>();
        answered.forEach((id, at) -> {
            Long seen = arrivals.visibleAt(id);
            if (seen != null) {
                latencies.add(Math.max(0, seen - at));
            }
        });
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("tributary end-to-end at 1,000 webhooks/s for 15 s (%d answered 200, %d visible), send -> visible to read_committed: ms p50 %.1f p99 %.1f p99.9 %.1f%n",
                answered.size(), sorted.length, pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9));
    }
}
