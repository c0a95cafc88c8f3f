package io.tributary.webhook;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TributaryApp;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Anyone can send bad requests: each is counted by reason, none costs a log line, and the server's own limits hold. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadTrafficIntegrationTest {

    private static final String SECRET = "bad-traffic-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TributaryApp app;
    private TributaryMetrics metrics;

    /** Counts every log event of every logger. */
    static final class CountingAppender extends AbstractAppender {
        final AtomicInteger events = new AtomicInteger();

        CountingAppender() {
            super("counting", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            events.incrementAndGet();
        }
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(UUID.randomUUID().toString().substring(0, 8)));
        p.put("tributary.thirdfort.webhook-secret", SECRET);
        p.put("tributary.http.idle-timeout", "1s");
        p.put("tributary.http.max-connections", "4");
        app = TributaryApp.start(p);
        metrics = app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    /**
     * The cap test's sockets may still count against the cap for a moment after they are closed (the
     * server learns of it asynchronously): a request then is refused at connect and looks like the
     * -1 the oversize tests allow. Every test starts once a fresh connection gets an HTTP answer.
     */
    @BeforeEach
    void serverTakesConnections() {
        int port = URI.create(app.webhookUrl("thirdfort")).getPort();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] head = s.getInputStream().readNBytes(8);
                return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1");
            } catch (java.io.IOException refused) {
                return false;
            }
        });
    }

    private double rejected(String reason) {
        return metrics.value("tributary.webhook.rejected", "provider", "thirdfort", "reason", reason);
    }

    private int post(HttpRequest.BodyPublisher body, String contentType, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.webhookUrl("thirdfort"))).timeout(Duration.ofSeconds(30)).POST(body)
                .header("Content-Type", contentType);
        if (signature != null) {
            b.header("x-thirdfort-signature", signature);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException closedWhileSending) {
            return -1; // the server may close before the client finished sending 2 MiB
        }
    }

    @Test
    void should_count_60_bad_requests_by_reason_with_fewer_than_10_log_lines() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        byte[] json = "{\"name\":\"organizations/o/notifications/n1\"}".getBytes(StandardCharsets.UTF_8);
        CountingAppender appender = new CountingAppender();
        appender.start();
        LoggerContext logs = (LoggerContext) LogManager.getContext(false);
        logs.getConfiguration().getRootLogger().addAppender(appender, null, null);
        logs.updateLoggers();
        try {
            double tooLarge = rejected("too_large");
            double badSignature = rejected("bad_signature");
            double mediaType = rejected("unsupported_media_type");
            for (int i = 0; i < 20; i++) {
                int status = post(HttpRequest.BodyPublishers.ofByteArray(big), "application/json", ProviderSigning.thirdfort(SECRET, big));
                assertTrue(status == 413 || status == -1, "oversize: " + status);
                assertEquals(401, post(HttpRequest.BodyPublishers.ofByteArray(json), "application/json", ProviderSigning.thirdfort("wrong", json)));
                assertEquals(415, post(HttpRequest.BodyPublishers.ofByteArray(json), "text/plain", ProviderSigning.thirdfort(SECRET, json)));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> rejected("too_large") - tooLarge == 20);
            assertEquals(20, rejected("bad_signature") - badSignature);
            assertEquals(20, rejected("unsupported_media_type") - mediaType);
            assertTrue(appender.events.get() < 10, "log lines for 60 bad requests: " + appender.events.get());
        } finally {
            logs.getConfiguration().getRootLogger().removeAppender("counting");
            logs.updateLoggers();
        }
    }

    @Test
    void should_count_a_chunked_body_that_grows_past_the_limit() throws Exception {
        double before = rejected("too_large");
        byte[] big = new byte[2 * 1024 * 1024];
        int status = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)), "application/json", "x");
        assertTrue(status == 413 || status == -1, "chunked oversize: " + status);
        await().atMost(Duration.ofSeconds(10)).until(() -> rejected("too_large") - before == 1);
    }

    @Test
    void should_close_an_idle_connection_and_refuse_connections_past_the_cap() throws Exception {
        int port = URI.create(app.webhookUrl("thirdfort")).getPort();
        try (Socket idle = new Socket(InetAddress.getLoopbackAddress(), port)) {
            idle.setSoTimeout(40_000);
            long t0 = System.nanoTime();
            assertEquals(-1, idle.getInputStream().read(), "closed by the server");
            // The configured 1 s, not the 60 s default: a wide margin between the two for a loaded machine.
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(20).toNanos(), "closed after the configured idle timeout");
        }
        double before = metrics.value("tributary.webhook.rejected", "provider", "http", "reason", "too_many_connections");
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    metrics.value("tributary.webhook.rejected", "provider", "http", "reason", "too_many_connections") - before >= 2);
            Socket first = sockets.get(0);
            first.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> first.getInputStream().read(), "connections within the cap stay open");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
