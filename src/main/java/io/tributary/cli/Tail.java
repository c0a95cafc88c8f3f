package io.tributary.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.event.Json;
import io.tributary.config.LaunchConfig;
import io.tributary.config.Settings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * {@code tail [provider] [--json] [--from-beginning] [--max-events N] [--timeout D]}: prints the
 * CloudEvents arriving on {@code tributary.events.<provider>} (every provider's topic without a
 * provider), read_committed, one line each: time, type, subject, id; or the whole event with
 * {@code --json}. Kafka is {@code tributary.kafka.bootstrap-servers}, else the embedded broker's address.
 */
public final class Tail {

    private static final ObjectMapper JSON = Json.MAPPER;
    static final Pattern EVENT_TOPICS = Pattern.compile("tributary\\.events\\..+");

    private Tail() {
    }

    public static int run(List<String> args, LaunchConfig config, PrintStream out) throws InterruptedException {
        String provider = null;
        boolean json = false;
        boolean fromBeginning = false;
        long maxEvents = Long.MAX_VALUE;
        Duration timeout = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--json" -> json = true;
                case "--from-beginning" -> fromBeginning = true;
                case "--max-events" -> maxEvents = Long.parseLong(args.get(++i));
                case "--timeout" -> timeout = Settings.parseDuration(args.get(++i));
                default -> {
                    if (a.startsWith("-") || provider != null) {
                        System.err.println("tail: unexpected argument " + a + " (see --help)");
                        return 2;
                    }
                    provider = a;
                }
            }
        }
        Configurator.setLevel("org.apache.kafka", Level.ERROR); // stdout is for events
        Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
        long printed = 0;
        String topic = provider == null ? null : config.get("tributary." + provider + ".topic", "tributary.events." + provider);
        KafkaConsumer<String, byte[]> consumer = consumer(config);
        try {
            Assigner assigner = new Assigner(consumer, topic, fromBeginning);
            while (printed < maxEvents && Instant.now().isBefore(deadline)) {
                if (!assigner.refresh()) {
                    Thread.sleep(200); // no topic yet: nothing to poll
                    continue;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    byte[] value = r.headers().lastHeader("ce_id") == null ? r.value() : structured(r); // binary mode: ce_* headers
                    out.println(json ? new String(value, StandardCharsets.UTF_8) : line(value));
                    if (++printed >= maxEvents) {
                        break;
                    }
                }
                out.flush();
            }
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
        return 0;
    }

    /** A binary-mode record as the structured CloudEvent it carries, so both modes print alike. */
    static byte[] structured(ConsumerRecord<String, byte[]> r) {
        try {
            return new io.cloudevents.jackson.JsonFormat().serialize(
                    io.cloudevents.kafka.KafkaMessageFactory.createReader(r.headers(), r.value()).toEvent());
        } catch (RuntimeException notACloudEvent) {
            return r.value();
        }
    }

    /** {@code time  type  subject  id}, separated by two spaces (a subject may be absent: "-"). */
    static String line(byte[] value) {
        try {
            JsonNode e = JSON.readTree(value);
            return String.join("  ", e.path("time").asText("-"), e.path("type").asText("-"),
                    e.path("subject").asText("-"), e.path("id").asText("-"));
        } catch (java.io.IOException notJson) {
            return "(not a CloudEvent) " + new String(value, StandardCharsets.UTF_8);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(LaunchConfig config) {
        Properties p = new Properties();
        config.explicitWithPrefix("tributary.kafka.client.").forEach((k, v) -> {
            if (k.startsWith("tributary.")) {
                p.put(k.substring("tributary.kafka.client.".length()), v); // -D only: environment names are ambiguous
            }
        });
        p.put("bootstrap.servers", config.bootstrapServers());
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false"); // no group: tail assigns partitions itself and commits nothing
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
