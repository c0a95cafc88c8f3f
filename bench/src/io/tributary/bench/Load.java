package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.tributary.testing.Signing;

/** The load generator: signed Thirdfort notifications with unique ids, POSTed with a bounded number in flight or at a fixed rate. */
final class Load {

    static final String SECRET = "bench-secret";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Result(int count, double seconds, long[] sortedLatencies) {
        double rate() {
            return count / seconds;
        }

        double pct(double p) {
            int i = (int) Math.ceil(p / 100.0 * sortedLatencies.length) - 1;
            return sortedLatencies[Math.max(0, Math.min(sortedLatencies.length - 1, i))] / 1e6;
        }

        String summary() {
            return String.format("%.0f req/s; latency ms p50 %.2f p99 %.2f p99.9 %.2f", rate(), pct(50), pct(99), pct(99.9));
        }
    }

    static byte[] notification(String id, int i) {
        return ("{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C" + (i % 500)
                + "\",\"state\":\"COMPLETE\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpRequest request(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("x-thirdfort-signature", Signing.base64Hmac(SECRET, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** {@code count} requests, at most {@code concurrency} in flight; latency from POST to the answer. */
    Result closedLoop(URI uri, String tag, int count, int concurrency) throws Exception {
        long[] latencies = new long[count];
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            HttpRequest request = request(uri, notification(tag + "-" + i, i));
            inFlight.acquire();
            int slot = i;
            long t0 = System.nanoTime();
            all[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies[slot] = System.nanoTime() - t0;
                if (e != null || r.statusCode() != 200) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e != null ? e.toString() : "HTTP " + r.statusCode());
                }
                inFlight.release();
            });
        }
        CompletableFuture.allOf(all).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " requests were not answered 200; first: " + firstFailure.get());
        }
        Arrays.sort(latencies);
        return new Result(count, seconds, latencies);
    }

    /** Open loop at {@code perSecond}; returns the time each id was answered 2xx (nanoTime). */
    Map<String, Long> openLoop(URI uri, String tag, int count, int perSecond) {
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // pacing the generator, not waiting for a result
            }
            String id = tag + "-" + i;
            all[i] = http.sendAsync(request(uri, notification(id, i)), HttpResponse.BodyHandlers.discarding())
                    .thenAccept(r -> {
                        if (r.statusCode() == 200) {
                            answeredAt.put(id, System.nanoTime());
                        }
                    });
        }
        CompletableFuture.allOf(all).join();
        return answeredAt;
    }
}
