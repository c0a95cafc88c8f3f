package io.tributary.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.tributary.testing.Signing;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * The load generator: signed Thirdfort notifications with unique ids, POSTed over keep-alive
 * connections with TCP_NODELAY (Vert.x's client; the JDK client's Nagle delays made it the
 * bottleneck), with a bounded number in flight or at a fixed rate.
 */
final class Load implements AutoCloseable {

    static final String SECRET = "bench-secret";
    private final Vertx vertx = Vertx.vertx();

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

    private HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setTcpNoDelay(true).setKeepAlive(true).setMaxPoolSize(connections));
    }

    /** Completes with the status code (or -1 on a transport error). */
    private static CompletableFuture<Integer> post(HttpClient client, URI uri, byte[] body) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getPath()).putHeader("Content-Type", "application/json")
                .putHeader("x-thirdfort-signature", Signing.base64Hmac(SECRET, body));
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.request(o).compose(req -> req.send(Buffer.buffer(body))).compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> status.complete(ar.succeeded() ? ar.result() : -1));
        return status;
    }

    /** {@code count} requests, at most {@code concurrency} in flight; latency from POST to the answer. */
    Result closedLoop(URI uri, String tag, int count, int concurrency) throws Exception {
        HttpClient client = client(concurrency);
        long[] latencies = new long[count];
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            byte[] body = notification(tag + "-" + i, i);
            inFlight.acquire();
            int slot = i;
            long t0 = System.nanoTime();
            all[i] = post(client, uri, body).thenAccept(code -> {
                latencies[slot] = System.nanoTime() - t0;
                if (code != 200) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, "HTTP " + code);
                }
                inFlight.release();
            });
        }
        CompletableFuture.allOf(all).join();
        double seconds = (System.nanoTime() - started) / 1e9;
        client.close();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " requests were not answered 200; first: " + firstFailure.get());
        }
        Arrays.sort(latencies);
        return new Result(count, seconds, latencies);
    }

    /** Open loop at {@code perSecond}; returns the time each id was answered 2xx (nanoTime). */
    Map<String, Long> openLoop(URI uri, String tag, int count, int perSecond) {
        HttpClient client = client(64);
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
            all[i] = post(client, uri, notification(id, i)).thenAccept(code -> {
                if (code == 200) {
                    answeredAt.put(id, System.nanoTime());
                }
            });
        }
        CompletableFuture.allOf(all).join();
        client.close();
        return answeredAt;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
