package example;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads Tributary's events as CloudEvents, in either content mode (the SDK's deserializer tells
 * structured from binary by the content-type header), and commits only what was handled.
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.args="127.0.0.1:9092 tributary.events.thirdfort"
 * </pre>
 */
public final class TributaryConsumer {

    private TributaryConsumer() {
    }

    public static void main(String[] args) {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        List<String> topics = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("tributary.events.thirdfort");
        run(settings(bootstrap, "example-consumer"), topics, e -> System.out.println(line(e)), () -> false);
    }

    public static Properties settings(String bootstrap, String groupId) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", groupId);
        // Tributary publishes in Kafka transactions: read_uncommitted (Kafka's default) can see an aborted copy.
        p.put("isolation.level", "read_committed");
        // Commit after handling, never before: a crash re-reads (at least once); dedupe on the event id.
        p.put("enable.auto.commit", "false");
        p.put("auto.offset.reset", "earliest");
        return p;
    }

    /** Polls until {@code stop} says so; each batch is handled, then its offsets are committed. */
    public static void run(Properties settings, List<String> topics, Consumer<CloudEvent> handler, BooleanSupplier stop) {
        try (KafkaConsumer<String, CloudEvent> consumer =
                     new KafkaConsumer<>(settings, new StringDeserializer(), new CloudEventDeserializer())) {
            consumer.subscribe(topics);
            while (!stop.getAsBoolean()) {
                ConsumerRecords<String, CloudEvent> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, CloudEvent> r : records) {
                    handler.accept(r.value());
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
    }

    /** time, type, subject, id and the data's size: one line an operator can grep. */
    public static String line(CloudEvent e) {
        byte[] data = e.getData() == null ? new byte[0] : e.getData().toBytes();
        return e.getTime() + "  " + e.getType() + "  " + e.getSubject() + "  " + e.getId() + "  "
                + new String(data, StandardCharsets.UTF_8).length() + " chars of " + e.getDataContentType();
    }
}
