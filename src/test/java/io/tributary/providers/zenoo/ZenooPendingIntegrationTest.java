package io.tributary.providers.zenoo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.TestKafka;
import io.tributary.testing.TributaryApp;
import io.tributary.sandbox.ZenooSimulator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The pending-token consumer: a record it cannot read is dead-lettered and the tokens behind it are still pulled. */
class ZenooPendingIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_dead_letter_unreadable_pending_records_and_pull_the_tokens_behind_them() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String topic = "it-zenoo-" + run;
        String pendingTopic = "it-zenoo-pending-" + run;
        Map<String, String> props = new HashMap<>(TributaryApp.onTestKafka(run));
        props.put("tributary.zenoo.topic", topic);
        props.put("tributary.zenoo.pending-topic", pendingTopic);
        props.put("tributary.zenoo.store-topic", "it-zenoo-tokens-" + run);
        props.put("tributary.zenoo.api-key", ZenooSimulator.API_KEY);
        props.put("tributary.zenoo.fast-interval", "200ms");
        props.put("tributary.poll.tick", "100ms");
        byte[] notJson = "{\"pull_token\": tok-".getBytes(StandardCharsets.UTF_8);
        byte[] noToken = "{\"external_reference\":\"ref-x\"}".getBytes(StandardCharsets.UTF_8);
        try (ZenooSimulator sim = new ZenooSimulator()) {
            props.put("tributary.zenoo.base-url", sim.baseUrl());
            sim.script("tok-1", "ref-1", 200);
            sim.script("tok-2", "ref-2", 200);
            try (TributaryApp app = TributaryApp.start(props)) {
                // One key, so one partition: the valid tokens are behind the unreadable records.
                send(pendingTopic, notJson, noToken, pending("tok-1", "ref-1"), pending("tok-2", "ref-2"));
                await().atMost(Duration.ofSeconds(30)).until(() -> KafkaRecords.readAll(TestKafka.bootstrapServers(), topic).size() == 2);
                assertEquals(List.of("verification:ref-1", "verification:ref-2"), KafkaRecords.readAll(TestKafka.bootstrapServers(), topic)
                        .stream().map(r -> id(r.value())).sorted().toList());

                List<ConsumerRecord<String, byte[]>> dead = KafkaRecords.readAll(TestKafka.bootstrapServers(), "it-dlq-" + run);
                assertEquals(2, dead.size());
                assertEquals(new String(notJson, StandardCharsets.UTF_8), new String(dead.get(0).value(), StandardCharsets.UTF_8));
                assertEquals("not JSON", KafkaRecords.header(dead.get(0), "tributary-error"));
                assertEquals(new String(noToken, StandardCharsets.UTF_8), new String(dead.get(1).value(), StandardCharsets.UTF_8));
                assertEquals("a pending verification without pull_token", KafkaRecords.header(dead.get(1), "tributary-error"));
                assertEquals("zenoo", KafkaRecords.header(dead.get(1), "tributary-provider"));
                assertEquals("pull", KafkaRecords.header(dead.get(1), "tributary-channel"));
                // The group is the deployment's: <application-id>-zenoo, and it committed past every record.
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        KafkaRecords.consumed(TestKafka.bootstrapServers(), "it-" + run + "-zenoo", pendingTopic));
            }
        }
    }

    private static byte[] pending(String token, String reference) {
        return ("{\"pull_token\":\"" + token + "\",\"external_reference\":\"" + reference + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(String topic, byte[]... values) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", TestKafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] v : values) {
                producer.send(new ProducerRecord<>(topic, "one-partition", v)).get();
            }
        }
    }

    private static String id(byte[] event) {
        try {
            return JSON.readTree(event).get("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
