package io.tributary.sandbox;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The plumbing shared by provider simulators (the sandbox's and the tests'): a JDK HTTP server on
 * 127.0.0.1 and JSON answers. The process that runs simulators sets {@link #NODELAY} before the
 * first one starts (the sandbox command, surefire, the benchmark): without TCP_NODELAY the JDK
 * server's split header/body writes meet the client's delayed ACK, 40 ms a response. The JDK reads
 * it once per process, so it is process configuration, not a simulator's.
 */
public abstract class JsonHttpSimulator implements AutoCloseable {

    /** The JDK HTTP server's process-wide switch for TCP_NODELAY. */
    public static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);

    protected JsonHttpSimulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            try {
                handle(ex);
            } catch (RuntimeException e) {
                send(ex, 500, "{\"error\":\"" + e + "\"}");
            }
        });
        server.start();
    }

    protected abstract void handle(HttpExchange ex) throws IOException;

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    protected static Map<String, String> query(HttpExchange ex) {
        return form(ex.getRequestURI().getRawQuery());
    }

    /** Decodes {@code a=1&b=2} (a query string or a form-encoded body). */
    protected static Map<String, String> form(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                m.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    public static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body, Map.of());
    }

    /** Answers JSON with extra response headers (e.g. Retry-After). */
    protected static void send(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
        try (ex) {
            try {
                ex.getRequestBody().readAllBytes();
            } catch (IOException alreadyRead) {
                // a handler that parsed the body closed it
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            headers.forEach(ex.getResponseHeaders()::add);
            ex.sendResponseHeaders(status, status == 204 ? -1 : b.length);
            if (status != 204) {
                ex.getResponseBody().write(b);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
