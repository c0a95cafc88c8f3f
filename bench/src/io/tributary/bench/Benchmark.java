package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.core.TributaryMetrics;
import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.testing.Signing;
import io.tributary.testing.ThirdfortSimulator;
import io.tributary.testing.TributaryApp;

/**
 * Two measurements of the real application against a real embedded broker, all in one JVM on
 * 127.0.0.1: signed Thirdfort webhooks with unique ids (throughput and latency from POST to 2xx),
 * and a poll backfill of N notifications from the Thirdfort simulator (events per second).
 * Arguments: webhooks concurrency backfill (defaults 20000 16 100000).
 */
public final class Benchmark {

    private static final String SECRET = "bench-secret";

    public static void main(String[] args) throws Exception {
        int webhooks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int backfill = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        Path dir = Files.createTempDirectory("tributary-bench-kafka");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0, 0).start();
             ThirdfortSimulator sim = new ThirdfortSimulator()) {
            webhookRun(broker, webhooks, concurrency);
            backfillRun(broker, sim, backfill);
        }
        System.exit(0);
    }

    private static Map<String, String> props(EmbeddedKafkaBroker broker, String run) {
        Map<String, String> p = new HashMap<>();
        p.put("tributary.kafka.bootstrap-servers", broker.bootstrapServers());
        p.put("tributary.kafka.ledger-topic", "bench-ledger-" + run);
        p.put("tributary.kafka.cursor-topic", "bench-cursors-" + run);
        p.put("tributary.kafka.deadletter-topic", "bench-dlq-" + run);
        p.put("tributary.thirdfort.topic", "bench-thirdfort-" + run);
        return p;
    }

    private static void webhookRun(EmbeddedKafkaBroker broker, int count, int concurrency) throws Exception {
        Map<String, String> p = props(broker, "webhook");
        p.put("tributary.thirdfort.webhook-secret", SECRET);
        try (TributaryApp app = TributaryApp.start(p)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create(app.webhookUrl("thirdfort"));
            send(http, uri, Math.min(2000, count / 5), concurrency, "warm"); // JIT and connection warm-up, not measured
            long started = System.nanoTime();
            long[] latencies = send(http, uri, count, concurrency, "run");
            double seconds = (System.nanoTime() - started) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("webhooks: %d signed deliveries, concurrency %d: %.0f deliveries/s; latency ms p50 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
                    count, concurrency, count / seconds, pct(latencies, 50), pct(latencies, 99), pct(latencies, 99.9),
                    latencies[latencies.length - 1] / 1e6);
        }
    }

    private static long[] send(HttpClient http, URI uri, int count, int concurrency, String tag) throws Exception {
        long[] latencies = new long[count];
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < count; i++) {
            String id = tag + "-" + run + "-" + i;
            byte[] body = ("{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                    + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C" + (i % 500)
                    + "\",\"state\":\"COMPLETE\"}}").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("x-thirdfort-signature", Signing.base64Hmac(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            inFlight.acquire();
            int slot = i;
            long t0 = System.nanoTime();
            all[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies[slot] = System.nanoTime() - t0;
                if (e != null || r.statusCode() != 200) {
                    failures.incrementAndGet();
                }
                inFlight.release();
            });
        }
        CompletableFuture.allOf(all).join();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " webhook deliveries were not answered 200");
        }
        return latencies;
    }

    private static void backfillRun(EmbeddedKafkaBroker broker, ThirdfortSimulator sim, int count) throws Exception {
        sim.add(count);
        Map<String, String> p = props(broker, "backfill");
        p.put("tributary.thirdfort.base-url", sim.baseUrl());
        p.put("tributary.thirdfort.token-url", sim.tokenUrl());
        p.put("tributary.thirdfort.organization", ThirdfortSimulator.ORG);
        p.put("tributary.thirdfort.client-id", ThirdfortSimulator.CLIENT_ID);
        p.put("tributary.thirdfort.client-secret", ThirdfortSimulator.CLIENT_SECRET);
        p.put("tributary.thirdfort.page-size", "100");
        long started = System.nanoTime();
        try (TributaryApp app = TributaryApp.start(p)) {
            TributaryMetrics metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            Object lock = new Object();
            while (metrics.value("tributary.events.published", "provider", "thirdfort", "channel", "poll") < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("backfill did not finish in 30 minutes");
                }
                synchronized (lock) {
                    lock.wait(100); // a progress check, not a measured delay
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("backfill: %d notifications polled and published in %.1f s (including start-up): %.0f events/s%n",
                    count, seconds, count / seconds);
        }
    }

    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
