package io.tributary.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.tributary.Tributary;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The real application (Camel Main, the real {@code routes/}) started inside the test JVM with
 * override properties, on free 127.0.0.1 ports, so a test can stop and restart it.
 */
public final class TributaryApp implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, String> properties;
    private final Main main;
    private final int httpPort;
    private final int managementPort;

    private TributaryApp(Map<String, String> properties) {
        this.properties = new HashMap<>(properties);
        this.httpPort = Integer.parseInt(this.properties.computeIfAbsent("tributary.http.port", k -> String.valueOf(freePort())));
        this.managementPort = Integer.parseInt(this.properties.computeIfAbsent("tributary.management.port", k -> String.valueOf(freePort())));
        this.properties.putIfAbsent("tributary.http.host", "127.0.0.1");
        this.properties.putIfAbsent("tributary.management.host", "127.0.0.1");
        this.properties.putIfAbsent("tributary.poll.tick", "200ms");
        this.properties.putIfAbsent("tributary.management.exposure-level", "full"); // tests read the health details
        this.properties.computeIfAbsent("tributary.data-dir", k -> tempDir());
        this.main = new Main(Tributary.class);
        this.properties.forEach(main::addOverrideProperty);
    }

    /**
     * Properties that put an app on the shared test broker with its own inbox, core (application
     * id), cursor and dead-letter topics, so test classes never see each other's state.
     */
    public static Map<String, String> onTestKafka(String run) {
        Map<String, String> p = new HashMap<>();
        p.put("tributary.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        p.put("tributary.kafka.inbox-topic", "it-inbox-" + run);
        p.put("tributary.kafka.application-id", "it-" + run);
        p.put("tributary.kafka.cursor-topic", "it-cursors-" + run);
        p.put("tributary.kafka.deadletter-topic", "it-dlq-" + run);
        p.put("tributary.kafka.partitions", "2");
        return p;
    }

    public static TributaryApp start(Map<String, String> properties) throws Exception {
        TributaryApp app = new TributaryApp(properties);
        app.main.start();
        return app;
    }

    /** A new instance with the same properties and ports: a restart. */
    public TributaryApp restart() throws Exception {
        close();
        return start(properties);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String webhookUrl(String provider) {
        return "http://127.0.0.1:" + httpPort + "/webhooks/" + provider;
    }

    public String managementUrl(String path) {
        return "http://127.0.0.1:" + managementPort + path;
    }

    public HttpResponse<String> post(String provider, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webhookUrl(provider))).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        CamelContext context = main.getCamelContext();
        main.stop();
        if (context != null) {
            context.stop(); // Main.stop() alone leaves an embedded context running
        }
    }

    private static String tempDir() {
        try {
            return java.nio.file.Files.createTempDirectory("tributary-app").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
