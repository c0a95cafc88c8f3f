package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.tributary.testing.Signing;

/** Signed Thirdfort notifications with unique ids, and an open-loop sender at a fixed rate for the end-to-end latency. */
final class Load {

    static final String SECRET = "bench-secret";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static byte[] notification(String id, int i) {
        return ("{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C" + (i % 500)
                + "\",\"state\":\"COMPLETE\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code count} deliveries at {@code perSecond}; returns, for each one answered 200, the
     * time it was sent (nanoTime). Latency measured from the send bounds "2xx to visible" from above.
     */
    Map<String, Long> openLoop(URI uri, String tag, int count, int perSecond) {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        long interval = 1_000_000_000L / perSecond;
        // Signed before the clock starts, so the paced loop only sends.
        HttpRequest[] requests = new HttpRequest[count];
        for (int i = 0; i < count; i++) {
            byte[] body = notification(tag + "-" + i, i);
            requests[i] = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("x-thirdfort-signature", Signing.base64Hmac(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        }
        // At most 200 in flight: an open loop with no bound opens a connection per waiting request.
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(200);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait); // pacing the generator, not waiting for a result
            }
            String id = tag + "-" + i;
            HttpRequest request = requests[i];
            inFlight.acquireUninterruptibly();
            long t0 = System.nanoTime();
            all[i] = http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                inFlight.release();
                if (e == null && r.statusCode() == 200) {
                    sentAt.put(id, t0);
                }
                return null;
            });
        }
        CompletableFuture.allOf(all).join();
        return sentAt;
    }
}
