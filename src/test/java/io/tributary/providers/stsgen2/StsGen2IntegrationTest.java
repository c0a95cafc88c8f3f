package io.tributary.providers.stsgen2;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tributary.metrics.TributaryMetrics;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.OracleIdentitySimulator;
import io.tributary.testing.ProviderSigning;
import io.tributary.testing.Sentinel;
import io.tributary.sandbox.StsGen2Simulator;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STS Gen2 batches, replays, key rotation and self-registration (static token or sign-in), on the test broker and an STS Gen2 simulator. */
class StsGen2IntegrationTest {

    private static final byte[] KEY1 = "sts-key-one-0123456789abcdef-0123".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY2 = "sts-key-two-0123456789abcdef-0123".getBytes(StandardCharsets.UTF_8);
    private static final String KEY1_ID = "11111111-1111-4111-8111-111111111111";
    private static final String KEY2_ID = "22222222-2222-4222-8222-222222222222";

    private StsGen2Simulator sim;
    private OracleIdentitySimulator identity;
    private TributaryApp app;
    private String topic;
    private Map<String, String> props;

    @BeforeEach
    void setUp() throws Exception {
        identity = new OracleIdentitySimulator(StsGen2Simulator.ORG);
        sim = new StsGen2Simulator(identity);
        String run = UUID.randomUUID().toString().substring(0, 8);
        topic = "it-sts-" + run;
        props = new HashMap<>(TributaryApp.onTestKafka(run));
        props.put("tributary.data-dir", Files.createTempDirectory("tributary-sts").toString());
        props.put("tributary.spool.drain-interval", "100ms");
        props.put("tributary.sts-gen2.topic", topic);
        props.put("tributary.sts-gen2.keys", KEY1_ID + "=" + b64(KEY1) + "," + KEY2_ID + "=" + b64(KEY2));
        props.put("tributary.sts-gen2.base-url", sim.baseUrl());
        props.put("tributary.sts-gen2.token", StsGen2Simulator.TOKEN);
        props.put("tributary.sts-gen2.message-types", "CheckNotification,OrganizationsNotification");
        props.put("tributary.sts-gen2.org-short-name", StsGen2Simulator.ORG);
        props.put("tributary.sts-gen2.loc-ref", "fdmnh144");
        props.put("tributary.sts-gen2.callback-uri", "https://tributary.example.com/webhooks/sts-gen2");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            app.close();
        }
        sim.close();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] batch(String prefix, int n) {
        StringBuilder sb = new StringBuilder("{\"messages\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(prefix).append('-').append(i)
                    .append("\",\"creationDate\":\"2021-08-13T15:40:43.511Z\",\"messageType\":{\"id\":\"CheckNotification\"},")
                    .append("\"resource\":{\"orgShortName\":\"tfoinc\",\"locRef\":\"fdmnh144\",\"rvcRef\":\"42\",\"checkRef\":\"c").append(i)
                    .append("\"},\"data\":{\"status\":\"Submitted\"}}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private int post(byte[] body, String keyId, byte[] key) throws Exception {
        String digest = ProviderSigning.stsGen2(key, body);
        return app.post("sts-gen2", body, Map.of("Content-Type", "application/json", "Digest", digest, "Key-Id", keyId)).statusCode();
    }

    /** Sign in as the API account instead of using the static token. */
    private void signInWith(String password) {
        props.remove("tributary.sts-gen2.token");
        props.put("tributary.sts-gen2.client-id", OracleIdentitySimulator.CLIENT_ID);
        props.put("tributary.sts-gen2.username", OracleIdentitySimulator.USERNAME);
        props.put("tributary.sts-gen2.password", password);
    }

    private StsGen2Registrar registrar() {
        return app.context().getRegistry().lookupByNameAndType("stsGen2Registrar", StsGen2Registrar.class);
    }

    private String health() throws Exception {
        return app.get(app.managementUrl("/observe/health")).body();
    }

    private TributaryMetrics metrics() {
        return app.context().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
    }

    @Test
    void should_publish_a_batch_of_five_as_five_events_and_a_replay_as_nothing_new() throws Exception {
        app = TributaryApp.start(props);
        byte[] body = batch("m", 5);
        assertEquals(200, post(body, KEY1_ID, KEY1));
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() == 5);
        assertEquals(200, post(body, KEY1_ID, KEY1)); // an exact replay: answered at the edge, not spooled again
        assertEquals(1.0, metrics().counter("tributary.spool.replays", "sts-gen2").count());
        assertEquals(5, KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size());
        byte[] partlyNew = batch("m", 7); // m-0..m-4 known to the ledger, m-5 and m-6 new
        assertEquals(200, post(partlyNew, KEY2_ID, KEY2));
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() == 7);
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().value("tributary.events.duplicates", "provider", "sts-gen2", "channel", "webhook") == 5);
    }

    @Test
    void should_accept_every_configured_key_and_refuse_unknown_or_mismatched_ones() throws Exception {
        app = TributaryApp.start(props);
        assertEquals(200, post(batch("k1", 1), KEY1_ID, KEY1));
        assertEquals(200, post(batch("k2", 1), KEY2_ID, KEY2), "the rotated-in key");
        assertEquals(401, post(batch("k3", 1), "33333333-3333-4333-8333-333333333333", KEY2), "unknown Key-Id");
        assertEquals(401, post(batch("k4", 1), KEY2_ID, KEY1), "digest made with another key");
        assertEquals(200, post(batch("k5", 1), KEY1_ID, KEY1), "the sentinel: the same check, so the same partitions");
        Sentinel.assertEventsUnder(topic, "tfoinc/fdmnh144/42/c0", List.of("k1-0", "k2-0"), "k5-0");
    }

    @Test
    void should_register_once_and_never_duplicate_subscriptions_on_restart() throws Exception {
        sim.failNext(503); // the first attempt fails: retried with backoff, webhooks keep working meanwhile
        app = TributaryApp.start(props);
        assertEquals(200, post(batch("r", 1), KEY1_ID, KEY1));
        StsGen2Registrar registrar = app.context().getRegistry().lookupByNameAndType("stsGen2Registrar", StsGen2Registrar.class);
        await().atMost(Duration.ofSeconds(30)).until(registrar::registered);
        assertTrue(app.get(app.managementUrl("/observe/health")).body().contains("sts-gen2-registration"));
        assertEquals(KEY1_ID, sim.registeredKeyId(), "the first configured key is registered");
        assertEquals(2, sim.subscriptions().size());

        app = app.restart();
        StsGen2Registrar again = app.context().getRegistry().lookupByNameAndType("stsGen2Registrar", StsGen2Registrar.class);
        await().atMost(Duration.ofSeconds(30)).until(again::registered);
        assertEquals(2, sim.registrations(), "the key registration is idempotent and repeated");
        assertEquals(2, sim.subscriptions().size(), "no duplicate subscriptions");
        assertEquals(2, sim.subscriptionPosts());
        assertEquals("PushOnePostOffice", sim.subscriptions().get(0).path("postOfficeOptions").path("PostOfficeType").asText());
    }

    @Test
    void should_register_after_signing_in_and_keep_calling_across_refreshes_and_a_new_sign_in() throws Exception {
        signInWith(OracleIdentitySimulator.PASSWORD);
        identity.lifetimes(Duration.ofSeconds(2), Duration.ofSeconds(4));
        app = TributaryApp.start(props);
        StsGen2Registrar registrar = registrar();
        await().atMost(Duration.ofSeconds(30)).until(registrar::registered);
        assertEquals(2, sim.subscriptions().size());
        assertTrue(registrar.auth().startsWith("sign-in (OpenID Connect): id_token sha256:"), registrar.auth()); // health's auth detail

        StsGen2Api api = registrar.api(); // the registrar's own calls and token source, after the registration
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(150)).until(() -> {
            api.subscriptions(); // a failure throws and fails the test
            return identity.refreshes() >= 2 && identity.signIns() >= 2;
        });
        assertEquals(0, sim.refusedCalls(), "no call went out with an expired token");
        assertTrue(identity.refusedRefreshes() >= 1, "the new sign-in followed the refresh token's expiry");
    }

    @Test
    void should_show_a_refused_sign_in_in_health_and_back_off_instead_of_trying_at_every_tick() throws Exception {
        signInWith("not the password");
        app = TributaryApp.start(props);
        await().atMost(Duration.ofSeconds(30)).until(() -> health().contains("sign-in refused: HTTP 401 invalid.credentials (AUTHENTICATION_INVALID)"));
        assertFalse(health().contains("not the password"));
        int seen = identity.signInAttempts();
        // Ticks come every 200 ms, so without backoff 4 s would bring 20 attempts; with it (1 s, 2 s, 4 s ...) at most 2.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> identity.signInAttempts() <= seen + 2);
        assertEquals(0, sim.apiCalls(), "nothing reaches STS Gen2 without a token");
        assertFalse(registrar().registered());
    }
}
