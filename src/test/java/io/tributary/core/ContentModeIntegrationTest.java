package io.tributary.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.tributary.event.Json;
import io.tributary.testing.ClerkSender;
import io.tributary.testing.GitHubSender;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code tributary.cloudevents.mode}: binary for every provider (the global setting), structured
 * for Clerk (its own setting), read back with the CloudEvents SDK's Kafka deserializer,
 * read_committed; and examples/java-consumer compiled and run against both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContentModeIntegrationTest {

    private static final String GITHUB_SECRET = "github-secret";
    private static final String CLERK_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString("clerk-secret-32-bytes-long-enough".getBytes(StandardCharsets.UTF_8));

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String githubDelivery = UUID.randomUUID().toString();
    private final String clerkMessage = "msg_" + run;
    private final byte[] githubBody = GitHubSender.push("octo-" + run + "/binary");
    private final byte[] clerkBody = ClerkSender.userCreated("user_" + run);
    private TributaryApp app;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.github.webhook-secret", GITHUB_SECRET);
        p.put("tributary.clerk.webhook-secret", CLERK_SECRET);
        p.put("tributary.github.topic", "it-github-" + run);
        p.put("tributary.clerk.topic", "it-clerk-" + run);
        p.put("tributary.cloudevents.mode", "binary");
        p.put("tributary.clerk.cloudevents.mode", "structured");
        app = TributaryApp.start(p);
        assertEquals(200, new GitHubSender(GITHUB_SECRET).send(app, githubDelivery, "push", githubBody).statusCode());
        assertEquals(200, new ClerkSender(CLERK_SECRET).send(app, clerkMessage, java.time.Instant.now().getEpochSecond(), clerkBody).statusCode());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void binary_mode_puts_the_attributes_in_ce_headers_and_the_data_alone_in_the_value() {
        ConsumerRecord<String, CloudEvent> r = readOne("it-github-" + run);
        Map<String, String> headers = headers(r);
        assertEquals(new TreeMap<>(Map.of("content-type", "application/json", "ce_specversion", "1.0", "ce_id", githubDelivery,
                "ce_source", "/github/hooks/" + GitHubSender.HOOK_ID, "ce_type", "github.push", "ce_subject", "octo-" + run + "/binary",
                "ce_time", headers.get("ce_time"), "ce_provider", "github", "ce_channel", "webhook",
                "ce_partitionkey", "octo-" + run + "/binary")), headers, "the binding's headers and nothing of Tributary's own");
        assertTrue(headers.get("ce_time").matches("\\d{4}-\\d\\d-\\d\\dT.+Z"), headers.get("ce_time"));
        assertEquals("octo-" + run + "/binary", r.key());
        CloudEvent e = r.value();
        assertEquals(githubDelivery, e.getId());
        assertEquals("github.push", e.getType());
        assertEquals("application/json", e.getDataContentType());
        assertEquals("webhook", e.getExtension("channel"));
        assertEquals(Json.read(githubBody), Json.read(e.getData().toBytes()), "the value is the delivery, unchanged");
    }

    @Test
    void a_provider_set_to_structured_keeps_the_json_envelope() {
        ConsumerRecord<String, CloudEvent> r = readOne("it-clerk-" + run);
        assertEquals(Map.of("content-type", "application/cloudevents+json"), headers(r));
        CloudEvent e = r.value();
        assertEquals(clerkMessage, e.getId());
        assertEquals("clerk.user.created", e.getType());
        assertEquals("clerk", e.getExtension("provider"));
        assertNull(e.getExtension("tributary-content-mode"));
        assertEquals(Json.read(clerkBody), Json.read(e.getData().toBytes()));
    }

    @Test
    void the_java_example_reads_both_modes_and_commits_what_it_handled() throws Exception {
        Class<?> example = compileExample();
        Properties settings = (Properties) example.getMethod("settings", String.class, String.class)
                .invoke(null, TestKafka.bootstrapServers(), "example-" + run);
        assertEquals("read_committed", settings.get("isolation.level"));
        List<CloudEvent> seen = new CopyOnWriteArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Method runMethod = example.getMethod("run", Properties.class, List.class, Consumer.class, BooleanSupplier.class);
        Consumer<CloudEvent> handler = seen::add;
        BooleanSupplier stop = () -> seen.size() >= 2 || System.nanoTime() > deadline;
        runMethod.invoke(null, settings, List.of("it-github-" + run, "it-clerk-" + run), handler, stop);
        assertEquals(java.util.stream.Stream.of(clerkMessage, githubDelivery).sorted().toList(), seen.stream().map(CloudEvent::getId).sorted().toList());
        Method line = example.getMethod("line", CloudEvent.class);
        CloudEvent github = seen.stream().filter(e -> e.getId().equals(githubDelivery)).findFirst().orElseThrow();
        assertTrue(((String) line.invoke(null, github)).contains("  github.push  octo-" + run + "/binary  " + githubDelivery + "  "));
        // committed after handling: the group's offsets are past both events
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of("it-github-" + run, "it-clerk-" + run)) {
                Set<TopicPartition> partitions = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition()))
                        .collect(Collectors.toSet());
                Map<TopicPartition, Long> committed = new HashMap<>();
                c.committed(partitions).forEach((tp, o) -> committed.put(tp, o == null ? 0L : o.offset()));
                // the end of each partition, past the event and its transaction marker (read_committed: the last stable offset)
                assertEquals(c.endOffsets(partitions), committed, topic);
                assertEquals(2L, committed.values().stream().mapToLong(Long::longValue).sum(), topic + ": one event and its marker");
            }
        }
    }

    /** examples/java-consumer, compiled as a user would compile it (only its own source) against the test classpath. */
    private static Class<?> compileExample() throws Exception {
        Path source = Path.of("examples/java-consumer/src/main/java/example/TributaryConsumer.java");
        Path out = Files.createDirectories(Path.of("target", "example-classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-d", out.toString(), "-cp", System.getProperty("java.class.path"), "--release", "17",
                source.toString());
        assertEquals(0, rc, "examples/java-consumer does not compile");
        URLClassLoader loader = new URLClassLoader(new URL[]{out.toUri().toURL()}, ContentModeIntegrationTest.class.getClassLoader());
        return loader.loadClass("example.TributaryConsumer");
    }

    private static ConsumerRecord<String, CloudEvent> readOne(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        p.put("group.id", "content-mode-" + UUID.randomUUID());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, CloudEvent> c = new KafkaConsumer<>(p, new StringDeserializer(), new CloudEventDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        assertEquals(1, records.size(), topic);
        return records.get(0);
    }

    private static Map<String, String> headers(ConsumerRecord<?, ?> r) {
        Map<String, String> h = new TreeMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }

}
