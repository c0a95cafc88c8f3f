package io.tributary.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import io.tributary.event.Json;
import io.tributary.config.LaunchConfig;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.StripeSender;
import io.tributary.testing.StripeSimulator;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The "What must show": a Stripe route file whose mapping reads a field live events lack
 * dead-letters 50 deliveries (30 polled, 20 by webhook) and one that lacks a field even the fixed file
 * needs; the file is fixed and Tributary restarted; {@code redrive stripe} publishes the 50 once, a
 * second redrive publishes nothing more, and the still-failing delivery stays dead-lettered, once, with
 * its new reason.
 */
class RedriveCommandIntegrationTest {

    private static final String SECRET = "whsec_redrive";

    @Test
    void redrive_publishes_the_fixed_dead_letters_once_and_keeps_a_still_failing_one_with_its_new_reason() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "it-stripe-redrive-" + run;
        String dlq = "it-dlq-" + run;
        Path routes = Files.createTempDirectory("tributary-routes");
        Files.copy(Path.of("routes/tributary.camel.yaml"), routes.resolve("tributary.camel.yaml"));
        String fixed = Files.readString(Path.of("routes/stripe.camel.yaml"));
        String broken = fixed.replace("type: \"jsonpath:$.type | prefix:stripe.\"", "type: \"jsonpath:$.api_version | prefix:stripe.\"");
        assertTrue(!broken.equals(fixed), "the route file was broken");
        Files.writeString(routes.resolve("stripe.camel.yaml"), broken);

        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.routes-dir", routes.toString());
        p.put("tributary.stripe.webhook-secret", SECRET);
        p.put("tributary.stripe.topic", topic);
        p.put("tributary.stripe.api-key", StripeSimulator.API_KEY);
        p.put("tributary.stripe.page-size", "10");
        p.put("tributary.stripe.poll-interval", "300ms");
        Properties system = new Properties();
        system.putAll(p);
        LaunchConfig cli = new LaunchConfig(system, Map.of());

        try (StripeSimulator sim = new StripeSimulator()) {
            sim.add(30);
            p.put("tributary.stripe.base-url", sim.baseUrl());
            TributaryApp app = TributaryApp.start(p);
            try {
                StripeSender sender = new StripeSender(SECRET);
                long now = System.currentTimeMillis() / 1000;
                for (int n = 1; n <= 20; n++) {
                    var answer = sender.send(app, now, webhookEvent("evt_w_" + n, "charge.succeeded"));
                    assertEquals(200, answer.statusCode());
                    assertEquals("{\"status\":\"dead-lettered\"}", answer.body());
                }
                assertEquals(200, sender.send(app, now, webhookEvent("evt_untyped", null)).statusCode());
                await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), dlq).size() >= 51);
            } finally {
                app.close();
            }
            List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.readAll(TestKafka.bootstrapServers(), dlq);
            assertEquals(51, dead.size());
            ConsumerRecord<String, byte[]> webhook = dead.stream().filter(r -> "webhook".equals(KafkaRecords.header(r, "tributary-channel"))).findFirst().orElseThrow();
            assertEquals("true", KafkaRecords.header(webhook, "tributary-verified"));
            assertEquals("application/json; charset=utf-8", KafkaRecords.header(webhook, "tributary-header-Content-Type"));
            assertEquals(null, KafkaRecords.header(webhook, "tributary-header-Stripe-Signature"), "no credential is kept");
            assertEquals(30, dead.stream().filter(r -> "poll".equals(KafkaRecords.header(r, "tributary-channel"))).count());

            Result listed = call(out -> DeadLettersCommand.run(List.of("stripe"), cli, out, out));
            assertEquals(0, listed.code());
            assertTrue(listed.out().contains("51 dead letters in " + dlq + " for stripe, by reason:\n"), listed.out());
            assertTrue(listed.out().contains("  stripe  webhook  evt_w_7  redrives=0  "), listed.out());
            assertTrue(listed.out().endsWith("by reason:\n     51  jsonpath:$.api_version yields nothing (No results for path: $['api_version'])\n"),
                    listed.out());

            Files.writeString(routes.resolve("stripe.camel.yaml"), fixed); // the fix
            app = TributaryApp.start(p); // the restart: its core publishes what redrive writes to the inbox
            try {
                Result dry = call(out -> RedriveCommand.redrive(cli, "stripe", Instant.MIN, Instant.MAX, null, true, p, out, out) == null ? 1 : 0);
                assertTrue(dry.out().contains("redrive: 51 selected, 50 would be redriven (50 events"), dry.out());
                assertEquals(51, KafkaRecords.readAll(TestKafka.bootstrapServers(), dlq).size(), "a dry run writes nothing");

                long t0 = System.nanoTime();
                Result first = call(out -> RedriveCommand.redrive(cli, "stripe", Instant.MIN, Instant.MAX, null, false, p, out, out) == null ? 1 : 0);
                System.out.println("redrive of 51 took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                assertTrue(first.out().contains("redrive: 51 selected, 50 redriven (50 events to the inbox; the core publishes those not yet "
                        + "published), 1 failed with a new reason (dead-lettered again), 0 failed with the same reason"), first.out());
                awaitPublished(topic, 50);

                List<ConsumerRecord<String, byte[]>> after = KafkaRecords.readAll(TestKafka.bootstrapServers(), dlq);
                assertEquals(52, after.size());
                ConsumerRecord<String, byte[]> again = last(after);
                assertEquals("1", KafkaRecords.header(again, "tributary-redrive-count"));
                assertTrue(KafkaRecords.header(again, "tributary-error").contains("$.type"), KafkaRecords.header(again, "tributary-error"));

                Result second = call(out -> RedriveCommand.redrive(cli, "stripe", Instant.MIN, Instant.MAX, null, false, p, out, out) == null ? 1 : 0);
                assertTrue(second.out().contains("redrive: 51 selected, 50 redriven (50 events to the inbox; the core publishes those not yet "
                        + "published), 0 failed with a new reason (dead-lettered again), 1 failed with the same reason"), second.out());
                await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.consumed(TestKafka.bootstrapServers(), "it-" + run, "it-inbox-" + run));
                awaitPublished(topic, 50);
                assertEquals(52, KafkaRecords.readAll(TestKafka.bootstrapServers(), dlq).size(), "the same failure is not dead-lettered again");
                Result relisted = call(out -> DeadLettersCommand.run(List.of("stripe"), cli, out, out));
                assertTrue(relisted.out().contains("  stripe  webhook  evt_untyped  redrives=0 (replaced by a later redrive)  "), relisted.out());
                assertTrue(relisted.out().contains("  stripe  webhook  evt_untyped  redrives=1  "), relisted.out());
            } finally {
                app.close();
            }
        }
    }

    /** The redriven copy: the one record that names the record it replaces. */
    private static ConsumerRecord<String, byte[]> last(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(r -> KafkaRecords.header(r, "tributary-redriven-from") != null).findFirst().orElseThrow();
    }

    private static byte[] webhookEvent(String id, String type) {
        var e = Json.MAPPER.createObjectNode();
        e.put("id", id);
        e.put("object", "event");
        e.put("created", 1717300000L);
        if (type != null) {
            e.put("type", type);
        }
        e.putObject("data").putObject("object").put("id", "ch_w").put("object", "charge");
        return e.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void awaitPublished(String topic, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() >= count);
        List<String> ids = KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).stream().map(r -> Json.read(r.value()).get("id").asText()).toList();
        assertEquals(count, ids.size(), "records");
        assertEquals(count, Set.copyOf(ids).size(), "distinct ids");
    }

    private record Result(int code, String out) {
    }

    private interface Command {
        int run(PrintStream out) throws Exception;
    }

    private static Result call(Command command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = command.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Result(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
