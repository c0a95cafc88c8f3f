package io.tributary.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server that answers each connection with a script written on the socket, for the
 * answers a well-behaved HTTP server never gives: a body that trickles, headers and then silence,
 * a body larger than it says. {@link #closed} counts down when the client closes the connection.
 */
final class RawHttpServer implements AutoCloseable {

    interface Script {
        /** Writes the answer; the head of the request has been read. Return to hold the connection open until the client closes it. */
        void answer(Socket socket, OutputStream out, RawHttpServer server) throws IOException;
    }

    final CountDownLatch closed = new CountDownLatch(1);
    final AtomicLong written = new AtomicLong();
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ServerSocket listener;
    private final Thread acceptor;

    RawHttpServer(Script script) throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try (Socket socket = listener.accept()) {
                InputStream in = socket.getInputStream();
                readHead(in);
                script.answer(socket, socket.getOutputStream(), this);
                // The client's close reads as end of stream (or a reset).
                while (in.read() >= 0) {
                    // a client sends nothing more on this connection
                }
                closed.countDown();
            } catch (IOException e) {
                closed.countDown();
            }
        }, "raw-http-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort() + "/v1/events?token=secret";
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before the request's head ended");
            }
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
    }

    void write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        written.addAndGet(bytes.length);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    boolean closedWithin(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        timer.shutdownNow();
        listener.close();
        acceptor.interrupt();
    }
}
