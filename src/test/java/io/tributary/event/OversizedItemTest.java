package io.tributary.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.tributary.config.Props;
import io.tributary.kafka.KafkaSettings;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An item larger than one Kafka record is dead-lettered, cut to its first 64 KiB, and the page goes on. */
class OversizedItemTest {

    private static final int LIMIT = 100 * 1024;

    private final DefaultCamelContext context = new DefaultCamelContext();

    @BeforeEach
    void setUp() {
        context.getRegistry().bind("kafkaSettings", new KafkaSettings("127.0.0.1:1", Map.of(), Duration.ofSeconds(1), 1, (short) 1,
                "inbox", Duration.ZERO, "cursors", "dlq", false, 1, LIMIT + KafkaSettings.ENVELOPE_HEADROOM));
        context.getRegistry().bind("fakeNormalizer", new Normalizer() {
            @Override
            public String provider() {
                return "fake";
            }

            @Override
            public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
                String text = new String(raw, StandardCharsets.UTF_8);
                if (text.startsWith("bad")) {
                    throw new UnprocessableEventException("no id");
                }
                return List.of(new CanonicalEvent("fake", text.substring(0, 4), "/fake", "fake.t", null,
                        OffsetDateTime.parse("2024-01-01T00:00:00Z"), raw, channel));
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    private Batch normalize(byte[]... items) {
        Exchange ex = new DefaultExchange(context);
        ex.setProperty(Props.PROVIDER, "fake");
        ex.setProperty(Props.CHANNEL, "poll");
        ex.getMessage().setBody(List.of(items));
        new NormalizeStep().normalize(ex);
        return ex.getMessage().getBody(Batch.class);
    }

    private static byte[] item(String id, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 'x');
        System.arraycopy(id.getBytes(StandardCharsets.UTF_8), 0, b, 0, id.length());
        return b;
    }

    @Test
    void should_dead_letter_an_item_over_one_record_with_its_id_and_size_and_publish_the_rest() {
        byte[] big = item("e002", 5 * 1024 * 1024);
        Batch batch = normalize(item("e001", 10), big, item("e003", LIMIT));
        assertEquals(List.of("e001", "e003"), batch.events().stream().map(CanonicalEvent::id).toList(), "an item at the limit still fits");
        assertEquals(1, batch.deadLetters().size());
        DeadLetter d = batch.deadLetters().get(0);
        assertEquals("too-large: item [e002] is 5242880 bytes, over the 102400-byte limit of one Kafka record; "
                + "the dead letter holds its first 65536 bytes", d.error());
        assertArrayEquals(Arrays.copyOf(big, 65536), d.raw());
    }

    @Test
    void should_cut_any_dead_letter_over_the_limit() {
        Batch batch = normalize(item("bad!", LIMIT + 1));
        assertEquals("no id; the dead letter holds its first 65536 bytes", batch.deadLetters().get(0).error());
        assertEquals(65536, batch.deadLetters().get(0).raw().length);
    }
}
