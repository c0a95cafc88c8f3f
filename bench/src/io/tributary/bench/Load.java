package io.tributary.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.tributary.testing.ProviderSigning;

/** Signed Thirdfort notifications with unique ids, and an open-loop sender at a fixed rate for the end-to-end latency. */
final class Load {

    static final String SECRET = "bench-secret";
    /** Enough blocking senders that a slow answer delays none of the others' sends. */
    private static final int SENDERS = 64;

    static byte[] notification(String id, int i) {
        return ("{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"check\":\"organizations/acme-corp/teams/default/checks/C" + (i % 500)
                + "\",\"state\":\"COMPLETE\"}}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code count} deliveries at {@code perSecond}; returns, for each one answered 200, the
     * time it was sent (nanoTime). Latency measured from the send bounds "2xx to visible" from above.
     * Plain keep-alive sockets, one per sender thread, take the next due delivery from one schedule:
     * the JDK's HttpClient in this busy JVM fell behind the rate (15,000 sends took 17.7-21.7 s).
     */
    Map<String, Long> openLoop(URI uri, String tag, int count, int perSecond) throws InterruptedException {
        byte[][] requests = new byte[count][];
        for (int i = 0; i < count; i++) { // signed before the clock starts, so the senders only send
            byte[] body = notification(tag + "-" + i, i);
            byte[] head = ("POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/json\r\nx-thirdfort-signature: " + ProviderSigning.thirdfort(SECRET, body)
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            requests[i] = java.nio.ByteBuffer.allocate(head.length + body.length).put(head).put(body).array();
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        long interval = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicReference<Exception> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread[] senders = new Thread[SENDERS];
        for (int s = 0; s < senders.length; s++) {
            senders[s] = new Thread(() -> {
                try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                    socket.setTcpNoDelay(true);
                    java.io.OutputStream out = socket.getOutputStream();
                    java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long due = start + i * interval;
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait); // pacing the generator, not waiting for a result
                        }
                        long t0 = System.nanoTime();
                        out.write(requests[i]);
                        out.flush();
                        if (status(in) == 200) {
                            sentAt.put(tag + "-" + i, t0);
                        }
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    failed.compareAndSet(null, e);
                }
            }, "bench-sender-" + s);
            senders[s].start();
        }
        for (Thread t : senders) {
            t.join();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("a sender failed", failed.get());
        }
        return sentAt;
    }

    /** Reads one HTTP/1.1 response (a Content-Length or a chunked body); returns its status. */
    private static int status(java.io.InputStream in) throws java.io.IOException {
        String statusLine = line(in);
        int length = 0;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
                chunked = header.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            }
        }
        if (chunked) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0; size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                in.readNBytes(size);
                line(in); // the CRLF after the chunk
            }
            while (!line(in).isEmpty()) {
                // trailers, then the empty line that ends the body
            }
        } else {
            in.readNBytes(length);
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(java.io.InputStream in) throws java.io.IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new java.io.EOFException("connection closed");
            }
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
