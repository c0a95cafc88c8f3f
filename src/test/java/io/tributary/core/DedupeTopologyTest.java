package io.tributary.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The dedupe topology's logic, on Kafka's TopologyTestDriver (the exactly-once claims are tested on a real broker). */
class DedupeTopologyTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int SWEEP_BATCH = 100;
    private final List<String> outcomes = new ArrayList<>();
    private TopologyTestDriver driver;
    private final BoundedRocksDb.Memory memory = new BoundedRocksDb.Memory(1L << 20, 1L << 20);
    private TestInputTopic<String, byte[]> inbox;

    private final CoreListener listener = new CoreListener() {
        @Override
        public void published(String provider, String channel, long latencyMillis) {
            outcomes.add("published " + provider + "/" + channel);
        }

        @Override
        public void duplicate(String provider, String channel) {
            outcomes.add("duplicate " + provider + "/" + channel);
        }

        @Override
        public void deadLettered(String provider, String channel) {
            outcomes.add("dead " + provider + "/" + channel);
        }
    };

    private void start(DedupeTopology.StoreType store) throws Exception {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedupe-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("dedupe-test").toString());
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        p.put(BoundedRocksDb.MEMORY, memory);
        driver = new TopologyTestDriver(DedupeTopology.build("inbox", "dlq", Duration.ofDays(30), Duration.ofMinutes(1), SWEEP_BATCH, store, listener), p, START);
        inbox = driver.createInputTopic("inbox", new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        memory.close();
    }

    private long storedKeys() {
        try (var it = driver.<Object, Object>getKeyValueStore(DedupeTopology.SEEN_STORE).all()) {
            long n = 0;
            while (it.hasNext()) {
                it.next();
                n++;
            }
            return n;
        }
    }

    private TestOutputTopic<String, byte[]> output(String topic) {
        return driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static Headers headers(String dedupeKey, String topic, String channel) {
        Headers h = new RecordHeaders();
        h.add(InboxHeaders.CONTENT_TYPE, InboxHeaders.bytes("application/cloudevents+json"));
        if (dedupeKey != null) {
            h.add(InboxHeaders.DEDUPE_KEY, InboxHeaders.bytes(dedupeKey));
        }
        h.add(InboxHeaders.TOPIC, InboxHeaders.bytes(topic));
        h.add(InboxHeaders.PROVIDER, InboxHeaders.bytes("thirdfort"));
        h.add(InboxHeaders.CHANNEL, InboxHeaders.bytes(channel));
        return h;
    }

    private void send(String key, String value, String dedupeKey, String topic, String channel) {
        inbox.pipeInput(new TestRecord<>(key, value.getBytes(StandardCharsets.UTF_8), headers(dedupeKey, topic, channel)));
    }

    @ParameterizedTest
    @EnumSource(DedupeTopology.StoreType.class)
    void should_forward_the_first_copy_unchanged_and_drop_the_others(DedupeTopology.StoreType store) throws Exception {
        start(store);
        send("subject-1", "{\"id\":\"A\"}", "thirdfort:A", "events.thirdfort", "webhook");
        send("subject-1", "{\"id\":\"A\",\"other\":\"copy\"}", "thirdfort:A", "events.thirdfort", "poll");
        send("subject-2", "{\"id\":\"B\"}", "thirdfort:B", "events.thirdfort", "poll");

        List<TestRecord<String, byte[]>> out = output("events.thirdfort").readRecordsToList();
        assertEquals(2, out.size());
        assertEquals("subject-1", out.get(0).key());
        assertArrayEquals("{\"id\":\"A\"}".getBytes(StandardCharsets.UTF_8), out.get(0).value());
        assertEquals(1, out.get(0).headers().toArray().length, "only content-type reaches consumers");
        assertEquals("application/cloudevents+json", InboxHeaders.get(out.get(0).headers(), InboxHeaders.CONTENT_TYPE));
        assertEquals(List.of("published thirdfort/webhook", "duplicate thirdfort/poll", "published thirdfort/poll"), outcomes);
    }

    @ParameterizedTest
    @EnumSource(DedupeTopology.StoreType.class)
    void should_route_each_record_to_the_topic_named_in_its_header(DedupeTopology.StoreType store) throws Exception {
        start(store);
        send("s", "{}", "thirdfort:A", "events.one", "webhook");
        send("s", "{}", "zenoo:A", "events.two", "webhook");
        assertEquals(1, output("events.one").getQueueSize());
        assertEquals(1, output("events.two").getQueueSize());
    }

    @ParameterizedTest
    @EnumSource(DedupeTopology.StoreType.class)
    void should_forget_a_key_after_the_retention_by_the_clock_not_by_record_times(DedupeTopology.StoreType store) throws Exception {
        start(store);
        send("s", "{}", "thirdfort:OLD", "events.thirdfort", "webhook");
        driver.advanceWallClockTime(Duration.ofDays(29));
        send("s", "{}", "thirdfort:OLD", "events.thirdfort", "poll");
        assertEquals(1, output("events.thirdfort").readRecordsToList().size(), "remembered within the retention");

        driver.advanceWallClockTime(Duration.ofDays(2)); // the purge punctuator runs on wall-clock time
        send("s", "{}", "thirdfort:OLD", "events.thirdfort", "poll");
        assertEquals(1, output("events.thirdfort").readRecordsToList().size(), "forgotten after 30 days: published again");
        assertEquals(1L, storedKeys(), "the old entry was swept, the new one kept");
    }

    @ParameterizedTest
    @EnumSource(DedupeTopology.StoreType.class)
    void should_sweep_a_store_larger_than_one_batch_over_several_punctuations(DedupeTopology.StoreType store) throws Exception {
        start(store);
        int keys = SWEEP_BATCH + 50;
        for (int i = 0; i < keys; i++) {
            send("s", "{}", "thirdfort:K" + i, "events.thirdfort", "webhook");
        }
        driver.advanceWallClockTime(Duration.ofDays(31)); // one punctuation: one batch
        assertEquals(50L, storedKeys());
        driver.advanceWallClockTime(Duration.ofMinutes(1)); // the next resumes where the last stopped
        assertEquals(0L, storedKeys());
    }

    @ParameterizedTest
    @EnumSource(DedupeTopology.StoreType.class)
    void should_dead_letter_an_inbox_record_without_a_dedupe_key(DedupeTopology.StoreType store) throws Exception {
        start(store);
        send("s", "{\"broken\":true}", null, "events.thirdfort", "webhook");
        assertEquals(0, output("events.thirdfort").getQueueSize());
        List<TestRecord<String, byte[]>> dead = output("dlq").readRecordsToList();
        assertEquals(1, dead.size());
        assertTrue(InboxHeaders.get(dead.get(0).headers(), InboxHeaders.ERROR).contains("dedupe key"));
        assertEquals(List.of("dead thirdfort/webhook"), outcomes);
    }

    @org.junit.jupiter.api.Test
    void should_publish_binary_mode_from_the_structured_inbox_record_and_dead_letter_what_is_no_cloud_event() throws Exception {
        start(DedupeTopology.StoreType.IN_MEMORY);
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/thirdfort/o\",\"type\":\"thirdfort.x\","
                + "\"datacontenttype\":\"application/json\",\"subject\":\"s\",\"provider\":\"thirdfort\",\"data\":{\"a\":1}}";
        Headers binary = headers("thirdfort:e1", "events.thirdfort", "poll");
        binary.add(InboxHeaders.CONTENT_MODE, InboxHeaders.bytes("binary"));
        inbox.pipeInput(new TestRecord<>("s", envelope.getBytes(StandardCharsets.UTF_8), binary));
        TestRecord<String, byte[]> out = output("events.thirdfort").readRecord();
        java.util.Map<String, String> h = new java.util.TreeMap<>();
        out.headers().forEach(x -> h.put(x.key(), new String(x.value(), StandardCharsets.UTF_8)));
        assertEquals(java.util.Map.of("content-type", "application/json", "ce_specversion", "1.0", "ce_id", "e1", "ce_source", "/thirdfort/o",
                "ce_type", "thirdfort.x", "ce_subject", "s", "ce_provider", "thirdfort"), h);
        assertEquals("{\"a\":1}", new String(out.value(), StandardCharsets.UTF_8));
        assertEquals("s", out.key());

        Headers broken = headers("thirdfort:e2", "events.thirdfort", "poll");
        broken.add(InboxHeaders.CONTENT_MODE, InboxHeaders.bytes("binary"));
        inbox.pipeInput(new TestRecord<>("s", "not json".getBytes(StandardCharsets.UTF_8), broken));
        assertEquals(0, output("events.thirdfort").getQueueSize());
        List<TestRecord<String, byte[]>> dead = output("dlq").readRecordsToList();
        assertEquals(1, dead.size());
        assertTrue(InboxHeaders.get(dead.get(0).headers(), InboxHeaders.ERROR).startsWith("binary content mode: "));
        assertEquals(1, storedKeys(), "a dead-lettered record is not marked seen");
        assertEquals(List.of("published thirdfort/poll", "dead thirdfort/poll"), outcomes);
    }
}
