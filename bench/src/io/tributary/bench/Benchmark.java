package io.tributary.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Tributary against the ceilings of the same machine, measured in the same run: a bare HTTP
 * server driven by the same load generator, Kafka's own producer on the same broker, and the
 * simulator's own page rate. Tributary runs as its own JVM with the JVM options of docs/operating.md, against
 * a broker outside it (this JVM), so its memory is its own. Arguments: seconds of webhook load,
 * connections, backfill size, warm-up seconds (defaults 20 32 100000 30). JVM options: TRIBUTARY_JAVA_OPTS (default those of docs/operating.md).
 */
public final class Benchmark {

    static final String README_JVM_OPTIONS = "-Xms160m -Xmx160m -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m -XX:+UseSerialGC -Xss512k -XX:+ExitOnOutOfMemoryError";
    private static final String TOPIC = "tributary.events.thirdfort";
    private static final String RELAY_TOPIC = "bench-relay";
    /**
     * The relay's linger: Tributary's inbox linger (tributary.kafka.inbox-linger's default in
     * KafkaWiring; keep them equal). BENCH_RELAY_LINGER_MS overrides it, to see what linger costs.
     */
    private static final String INBOX_LINGER_MS = System.getenv().getOrDefault("BENCH_RELAY_LINGER_MS", "5");

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        int backfill = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        // Long enough for the JIT to finish with the webhook path: at 10 s, C2 was still compiling
        // through the measured run (23 % of Tributary's CPU in one 10 s sample).
        int warmSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int webhooks = 300_000; // unique ids available to wrk; more than 20 s of the bare server
        List<String> jvm = Arrays.asList(System.getenv().getOrDefault("TRIBUTARY_JAVA_OPTS", README_JVM_OPTIONS).trim().split("\\s+"));
        String cp = System.getProperty("java.class.path");
        Load load = new Load();
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createTempDirectory("bench-kafka"), 0, 0).start();
             ThirdfortSimulator sim = new ThirdfortSimulator()) {
            String bootstrap = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(Stream.concat(Stream.of("bench-ceiling", TOPIC, RELAY_TOPIC, StreamsCeiling.INPUT, StreamsCeiling.OUTPUT), Floors.TOPICS.stream())
                        .map(t -> new NewTopic(t, 6, (short) 1)).toList()).all().get();
            }
            // BENCH_CEILINGS=0 skips the ceilings, for comparing Tributary's own settings back to back (ratios print as NaN).
            boolean ceilings = !"0".equals(System.getenv("BENCH_CEILINGS"));
            // BENCH_TRIBUTARY=0 measures the ceilings alone (to work on the bench itself).
            boolean tributaryRuns = !"0".equals(System.getenv("BENCH_TRIBUTARY"));
            Ceilings.producer(bootstrap, "bench-ceiling", 100_000, true); // warm the broker: a fresh one is ~45 % slower
            double producerDefault = ceilings ? Ceilings.producer(bootstrap, "bench-ceiling", 300_000, false) : Double.NaN;
            double producerTuned = ceilings ? Ceilings.producer(bootstrap, "bench-ceiling", 300_000, true) : Double.NaN;
            System.out.printf("ceiling  kafka producer, 1 KB records, acks=all, idempotent: default %.0f rec/s, tuned (linger 10 ms, 256 KB, lz4) %.0f rec/s%n",
                    producerDefault, producerTuned);

            int warmIds = 200_000;
            Path warmRequests = Wrk.requests("warm", warmIds);
            Path runRequests = Wrk.requests("run", webhooks);
            HttpCeiling bare = ceilings ? HttpCeiling.run(jvm, cp, BareServer.class, List.of(), warmRequests, runRequests, concurrency, warmSeconds, seconds) : HttpCeiling.NONE;
            System.out.printf("ceiling  bare HTTP server, wrk %d connections %d s: %s; %.0f us CPU per request%n",
                    concurrency, seconds, bare.result().summary(), bare.ownCpuMicros());
            HttpCeiling relay = ceilings ? HttpCeiling.run(jvm, cp, Relay.class, List.of(bootstrap, RELAY_TOPIC, Load.SECRET, INBOX_LINGER_MS),
                    warmRequests, runRequests, concurrency, warmSeconds, seconds) : HttpCeiling.NONE;
            System.out.printf("ceiling  relay (Vert.x, HMAC check, idempotent acks=all producer, linger %s ms, 200 after the ack), wrk %d connections %d s: %s%n",
                    INBOX_LINGER_MS, concurrency, seconds, relay.result().summary());
            System.out.printf("cpu      per relayed webhook: relay %.0f us CPU, the benchmark's JVM with the broker %.0f us CPU%n",
                    relay.ownCpuMicros(), relay.brokerCpuMicros());
            StreamsCeiling.Result streams = ceilings ? StreamsCeiling.run(jvm, cp, bootstrap, backfill) : new StreamsCeiling.Result(Double.NaN, Double.NaN, Double.NaN);
            System.out.printf("ceiling  bare Kafka Streams exactly-once dedupe of %d pre-filled 1 KB records, visible to a read_committed consumer: %.0f events/s%n",
                    backfill, streams.rate());
            System.out.printf("cpu      per bare Streams event: Streams app %.0f us CPU, the benchmark's JVM with the broker %.0f us CPU%n",
                    streams.ownCpuMicros(), streams.brokerCpuMicros());
            Floors.Result webhookFloor = ceilings ? Floors.webhooks(jvm, cp, bootstrap, Load.SECRET, INBOX_LINGER_MS, warmRequests, warmIds,
                    runRequests, concurrency, warmSeconds, seconds) : Floors.Result.NONE;
            System.out.printf("floor    relay feeding the bare Streams topology in one JVM, wrk %d connections %d s: %.0f req/s, p99 %.2f ms; "
                    + "until published, %.0f us CPU per webhook, the benchmark's JVM with the broker %.0f us CPU; RSS after %.0f MB%n",
                    concurrency, seconds, webhookFloor.rate(), webhookFloor.p99(), webhookFloor.ownCpuMicros(), webhookFloor.brokerCpuMicros(), webhookFloor.rssMb());
            Floors.Result ingestFloor = ceilings ? Floors.ingest(jvm, cp, bootstrap, backfill) : Floors.Result.NONE;
            System.out.printf("floor    inbox-like producer feeding the bare Streams topology in one JVM, %d distinct 1 KB records: %.0f events/s "
                    + "(%.1f %% of bare Streams'); %.0f us CPU per event, the benchmark's JVM with the broker %.0f us CPU; RSS after %.0f MB%n",
                    backfill, ingestFloor.rate(), 100 * ingestFloor.rate() / streams.rate(), ingestFloor.ownCpuMicros(), ingestFloor.brokerCpuMicros(), ingestFloor.rssMb());
            double pages = Double.NaN;
            if (ceilings) {
                try (ThirdfortSimulator ceilingSim = new ThirdfortSimulator()) {
                    ceilingSim.add(backfill);
                    pages = Ceilings.simulatorPages(ceilingSim, backfill);
                }
            }
            System.out.printf("ceiling  simulator pages of 100, read one after another: %.0f items/s%n", pages);
            if (!tributaryRuns) {
                System.exit(0);
            }
            Targets targets = new Targets();

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
                Wrk.Result warm = Wrk.run(uri, warmRequests, concurrency, warmSeconds);
                long warmEvents = Math.min(warm.requests(), warmIds); // ids repeat after warmIds: the core drops those
                arrivals.awaitTotal(warmEvents); // the core caught up: the CPU measured next is the run's alone
                Cpu cpu = new Cpu(tributary);
                Wrk.Result run = Wrk.run(uri, runRequests, concurrency, seconds);
                System.out.printf("tributary signed webhooks, unique ids, wrk %d connections %d s: %s%n", concurrency, seconds, run.summary());
                arrivals.awaitTotal(warmEvents + run.requests());
                double webhookCpu = cpu.own(run.requests());
                System.out.printf("cpu      per webhook, until published: %s%n", cpu.per(run.requests()));
                System.out.printf("ratio    webhooks: %.1f %% of the bare server's throughput; p99 %.1f x the bare server's p99%n",
                        100 * run.rate() / bare.result().rate(), run.p99() / bare.result().p99());
                System.out.printf("ratio    webhooks against the relay: %.1f %% of its throughput; p99 %.1f x its p99; own CPU per webhook %.1f x the relay's; the broker's JVM %.1f x%n",
                        100 * run.rate() / relay.result().rate(), run.p99() / relay.result().p99(),
                        webhookCpu / relay.ownCpuMicros(), cpu.broker(run.requests()) / relay.brokerCpuMicros());
                System.out.printf("floor    webhooks: Tributary's own CPU per webhook %.0f us above the floor's (%.1f x); %.1f %% of the floor's throughput%n",
                        webhookCpu - webhookFloor.ownCpuMicros(), webhookCpu / webhookFloor.ownCpuMicros(), 100 * run.rate() / webhookFloor.rate());
                targets.atMost("own CPU per signed webhook, until published", webhookCpu, 120, "us");
                targets.atLeast("webhook throughput, % of the relay's", 100 * run.rate() / relay.result().rate(), 35, "%");
                targets.atMost("webhook p99, x the relay's p99", run.p99() / relay.result().p99(), 3, "x");

                targets.below("end-to-end p99 at 1,000 webhooks/s", endToEnd(load, uri, arrivals), 150, "ms");

                int before = arrivals.polled();
                cpu = new Cpu(tributary);
                long t0 = System.nanoTime();
                sim.add(backfill);
                while (arrivals.polled() - before < backfill) {
                    LockSupport.parkNanos(20_000_000L); // progress check of the measured run
                }
                double rate = backfill / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("tributary backfill of %d polled notifications, visible to a read_committed consumer: %.0f events/s%n", backfill, rate);
                double backfillCpu = cpu.own(backfill);
                System.out.printf("cpu      per backfilled event (the benchmark's JVM also runs the simulator): %s%n", cpu.per(backfill));
                System.out.printf("ratio    backfill: %.1f %% of bare Streams' rate (own CPU per event %.1f x bare Streams'); %.1f %% of the tuned producer, %.1f %% of the default producer, %.1f %% of the simulator's page rate%n",
                        100 * rate / streams.rate(), backfillCpu / streams.ownCpuMicros(), 100 * rate / producerTuned, 100 * rate / producerDefault, 100 * rate / pages);
                System.out.printf("floor    backfill: Tributary's own CPU per event %.0f us above the ingest floor's (%.1f x); %.1f %% of its rate%n",
                        backfillCpu - ingestFloor.ownCpuMicros(), backfillCpu / ingestFloor.ownCpuMicros(), 100 * rate / ingestFloor.rate());
                targets.atMost("own CPU per backfilled event", backfillCpu, 50, "us");
                targets.atLeast("backfill rate, % of bare Streams'", 100 * rate / streams.rate(), 60, "%");
                double rssAfter = tributary.rssMb();
                System.out.printf("memory   tributary RSS with %s: %.0f MB at ready, %.0f MB after the benchmark%n",
                        String.join(" ", jvm), rssReady, rssAfter);
                targets.below("RSS after the benchmark", rssAfter, 300, "MB");
                targets.print();
            }
        }
        System.exit(0);
    }

    /**
     * CPU time used by Tributary and by this JVM (the broker, the read_committed consumer, the
     * simulator) from creation to {@link #per}: where the cores go, per event. Load from outside
     * the VM still moves it, so compare it within a run.
     */
    private record Cpu(Child tributary, double tributaryAt, double brokerAt) {
        Cpu(Child tributary) {
            this(tributary, tributary.cpuSeconds(), Child.cpuSeconds(ProcessHandle.current()));
        }

        double own(double events) {
            return (tributary.cpuSeconds() - tributaryAt) * 1e6 / events;
        }

        double broker(double events) {
            return (Child.cpuSeconds(ProcessHandle.current()) - brokerAt) * 1e6 / events;
        }

        String per(double events) {
            return String.format("Tributary %.0f us CPU, the benchmark's JVM with the broker %.0f us CPU", own(events), broker(events));
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Webhooks at 1,000/s for 15 s: time from each send to the event being visible to a read_committed consumer; returns the p99 in ms. */
    private static double endToEnd(Load load, URI uri, Arrivals arrivals) throws InterruptedException {
        // The sender's own warm-up: its first seconds open connections and run cold code on both
        // sides; in one run its first seconds had a p50 of 230-300 ms, against 70-120 ms once steady.
        arrivals.awaitVisible(load.openLoop(uri, "e2e-warm", 5_000, 1000).keySet());
        int count = 15_000;
        long t0 = System.nanoTime();
        Map<String, Long> answered = load.openLoop(uri, "e2e", count, 1000); // id -> sent at
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        arrivals.awaitVisible(answered.keySet());
        List<Long> latencies = new ArrayList<>();
        answered.forEach((id, at) -> {
            Long seen = arrivals.visibleAt(id);
            if (seen != null) {
                latencies.add(Math.max(0, seen - at));
            }
        });
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("tributary end-to-end at 1,000 webhooks/s for 15 s (%d sent in %.1f s, %d answered 200, %d visible), send -> visible to read_committed: ms p50 %.1f p99 %.1f p99.9 %.1f%n",
                count, sendSeconds, answered.size(), sorted.length, pct(sorted, 50), pct(sorted, 99), pct(sorted, 99.9));
        return pct(sorted, 99);
    }

}
