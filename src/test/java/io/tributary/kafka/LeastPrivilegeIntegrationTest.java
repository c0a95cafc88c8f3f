package io.tributary.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.tributary.testing.ChildTributary;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A locked-down Kafka: SASL/PLAIN, the standard authorizer, no access without an ACL. An admin
 * creates Tributary's topics and grants the user {@code tributary} only the ACLs docs/deployment.md lists
 * (no CREATE on the cluster nor on Tributary's own topics). Tributary, started with
 * {@code tributary.kafka.create-topics=false}, publishes; with a topic missing it refuses to start.
 */
class LeastPrivilegeIntegrationTest {

    private static final String SECRET = "least-privilege-secret";
    private static final String ADMIN_JAAS = jaas("admin", "admin-secret");
    private static final String TRIBUTARY_JAAS = jaas("tributary", "tributary-secret");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    @BeforeAll
    static void lockedDownKafka() throws Exception {
        int port = TributaryApp.freePort();
        int controllerPort = TributaryApp.freePort();
        Properties o = new Properties();
        o.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        o.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
        o.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        o.put("inter.broker.listener.name", "SASL_PLAINTEXT");
        o.put("sasl.enabled.mechanisms", "PLAIN");
        o.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        o.put("listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\""
                        + " user_admin=\"admin-secret\" user_tributary=\"tributary-secret\";");
        o.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        // ANONYMOUS is the broker itself on the PLAINTEXT controller listener (127.0.0.1 only, test only).
        o.put("super.users", "User:admin;User:ANONYMOUS");
        broker = new EmbeddedKafkaBroker(Files.createTempDirectory("least-privilege-kafka"), port, controllerPort, o).start();
        admin = Admin.create(new HashMap<String, Object>(asAdmin(Map.of("bootstrap.servers", broker.bootstrapServers()))));

        admin.createTopics(List.of(
                new NewTopic("tributary.inbox", 2, (short) 1),
                new NewTopic("tributary.cursors", 1, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                new NewTopic("tributary.deadletter", 1, (short) 1),
                new NewTopic("tributary.leaders", 1, (short) 1),
                new NewTopic("tributary.events.thirdfort", 2, (short) 1))).all().get();
        List<AclBinding> acls = leastAcls("User:tributary", "tributary");
        admin.createAcls(acls).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                admin.describeAcls(AclBindingFilter.ANY).values().get().size() == acls.size()
                        && admin.describeTopics(List.of("tributary.inbox", "tributary.cursors", "tributary.deadletter",
                        "tributary.leaders", "tributary.events.thirdfort")).allTopicNames().get().size() == 5);
    }

    /** The ACLs docs/deployment.md lists ("Locked-down Kafka"), for the default names and application id. */
    static List<AclBinding> leastAcls(String principal, String applicationId) {
        List<AclBinding> b = new ArrayList<>();
        allow(b, principal, ResourceType.TOPIC, "tributary.inbox", PatternType.LITERAL, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);
        allow(b, principal, ResourceType.TOPIC, "tributary.cursors", PatternType.LITERAL, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE);
        allow(b, principal, ResourceType.TOPIC, "tributary.leaders", PatternType.LITERAL, AclOperation.DESCRIBE, AclOperation.READ);
        allow(b, principal, ResourceType.TOPIC, "tributary.deadletter", PatternType.LITERAL, AclOperation.DESCRIBE, AclOperation.WRITE);
        allow(b, principal, ResourceType.TOPIC, "tributary.events.", PatternType.PREFIXED, AclOperation.DESCRIBE, AclOperation.WRITE);
        // Kafka Streams' changelog topics: created by the core itself.
        allow(b, principal, ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, AclOperation.CREATE, AclOperation.DESCRIBE,
                AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE);
        allow(b, principal, ResourceType.GROUP, applicationId, PatternType.PREFIXED, AclOperation.DESCRIBE, AclOperation.READ);
        allow(b, principal, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.DESCRIBE, AclOperation.WRITE);
        return b;
    }

    private static void allow(List<AclBinding> out, String principal, ResourceType type, String name, PatternType pattern, AclOperation... ops) {
        for (AclOperation op : ops) {
            out.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static Map<String, String> asAdmin(Map<String, String> p) {
        Map<String, String> m = new HashMap<>(p);
        m.put("security.protocol", "SASL_PLAINTEXT");
        m.put("sasl.mechanism", "PLAIN");
        m.put("sasl.jaas.config", ADMIN_JAAS);
        return m;
    }

    private static Map<String, String> appProperties() throws Exception {
        Map<String, String> p = new HashMap<>();
        p.put("tributary.kafka.bootstrap-servers", broker.bootstrapServers());
        p.put("tributary.kafka.create-topics", "false");
        p.put("tributary.thirdfort.webhook-secret", SECRET);
        p.put("tributary.data-dir", Files.createTempDirectory("least-privilege-app").toString());
        return p;
    }

    private static String notification(String id) {
        return "{\"name\":\"organizations/acme-corp/notifications/" + id + "\",\"type\":\"notification.client.check_complete.v1\","
                + "\"createTime\":\"2024-06-15T10:30:00Z\",\"payload\":{\"@type\":\"type.googleapis.com/thirdfort.client.notifications.v1.CheckCompleteData\","
                + "\"check\":\"organizations/acme-corp/teams/default/checks/C-" + id + "\",\"state\":\"COMPLETE\"}}";
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Thirdfort-Signature", ProviderSigning.thirdfort(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long recordsContaining(String topic, String text) {
        return KafkaRecords.readAll(broker.bootstrapServers(), topic, asAdmin(Map.of())).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(text)).count();
    }

    @Test
    void should_publish_with_only_the_least_acls_and_pre_created_topics() throws Exception {
        Map<String, String> p = appProperties();
        p.put("tributary.kafka.client.security.protocol", "SASL_PLAINTEXT");
        p.put("tributary.kafka.client.sasl.mechanism", "PLAIN");
        p.put("tributary.kafka.client.sasl.jaas.config", TRIBUTARY_JAAS);
        try (TributaryApp app = TributaryApp.start(p)) {
            String id = "LP-" + UUID.randomUUID();
            HttpResponse<String> r = post(app.webhookUrl("thirdfort"), notification(id));
            assertEquals(200, r.statusCode(), r.body());
            await().atMost(Duration.ofSeconds(60)).until(() -> recordsContaining("tributary.events.thirdfort", "\"id\":\"" + id + "\"") == 1);
        }
    }

    @Test
    void should_take_the_kafka_credentials_from_the_environment_for_every_client() throws Exception {
        ChildTributary child = new ChildTributary("least-privilege-env", appProperties()).withEnvironment(Map.of(
                "TRIBUTARY_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "TRIBUTARY_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN",
                "TRIBUTARY_KAFKA_CLIENT_SASL_JAAS_CONFIG", TRIBUTARY_JAAS));
        try (child) {
            child.start();
            // Topics described by the admin client, cursors loaded by the cursor table: start-up went through.
            // The inbox producer and the core (Kafka Streams) publish the event:
            String id = "LP-ENV-" + UUID.randomUUID();
            HttpResponse<String> r = post(child.webhookUrl("thirdfort"), notification(id));
            assertEquals(200, r.statusCode(), r.body());
            await().atMost(Duration.ofSeconds(60)).until(() -> recordsContaining("tributary.events.thirdfort", "\"id\":\"" + id + "\"") == 1);
            // The Camel Kafka component writes dead letters:
            String poison = "{\"unexpected\":\"" + id + "\"}";
            HttpResponse<String> d = post(child.webhookUrl("thirdfort"), poison);
            assertEquals(200, d.statusCode(), d.body());
            assertTrue(d.body().contains("dead-lettered"), d.body());
            await().atMost(Duration.ofSeconds(30)).until(() -> recordsContaining("tributary.deadletter", id) == 1);
        }
    }

    @Test
    void should_refuse_to_start_naming_every_missing_topic() throws Exception {
        Map<String, String> p = appProperties();
        p.put("tributary.thirdfort.topic", "tributary.events.not-created");
        p.put("tributary.kafka.cursor-topic", "tributary.cursors-not-created"); // no ACL either: not even visible
        p.put("tributary.kafka.client.security.protocol", "SASL_PLAINTEXT");
        p.put("tributary.kafka.client.sasl.mechanism", "PLAIN");
        p.put("tributary.kafka.client.sasl.jaas.config", TRIBUTARY_JAAS);
        ChildTributary.Exit exit = new ChildTributary("least-privilege-missing", p).startExpectingExit(Duration.ofSeconds(90));
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("tributary.kafka.create-topics is false and Kafka has no topic tributary.events.not-created"),
                exit.output());
        assertTrue(exit.output().contains("does not let this user describe tributary.cursors-not-created"), exit.output());

        // The same in this JVM: the start itself fails with that message.
        Exception e = assertThrows(Exception.class, () -> TributaryApp.start(p).close());
        Throwable fatal = e;
        while (fatal != null && !(fatal instanceof FatalStartupException)) {
            fatal = fatal.getCause();
        }
        assertTrue(fatal != null && fatal.getMessage().contains("tributary.events.not-created"), String.valueOf(e));
    }
}
