package io.tributary.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Tributary's shape with none of Tributary in it, in one JVM: what every event costs before any
 * of our code runs. The bare dedupe topology ({@link BareStreams}) reads an input topic that,
 * as Tributary's inbox is, is written in the same JVM:
 * <ul>
 *   <li>{@code webhooks}: by the relay ({@link Relay}), keyed by the signature, so both halves of
 *       an accepted webhook (the answer after the ack, the exactly-once publish) run at the pace
 *       the load generator sets;</li>
 *   <li>{@code ingest}: by a producer configured as the inbox writer, {@code produce <n>} distinct
 *       1 KB records at a time as fast as it can (a backfill with nothing to fetch or parse).</li>
 * </ul>
 * Arguments: mode, bootstrap servers, input, output, state directory, then for {@code webhooks}
 * the port, the secret and the linger in ms. Prints {@code produced} after each batch is acked.
 */
public final class EngineFloor {

    private EngineFloor() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String bootstrap = args[1];
        KafkaStreams streams = BareStreams.start(bootstrap, "bench-floor-" + mode, args[2], args[3], args[4]);
        KafkaProducer<String, byte[]> producer = null;
        if (mode.equals("webhooks")) {
            Relay.serve(Integer.parseInt(args[5]), bootstrap, args[2], args[6], args[7], true);
        } else {
            producer = new KafkaProducer<>(Relay.inboxLike(bootstrap, "5"), new StringSerializer(), new ByteArraySerializer());
        }
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int batch = 0;
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            if (line.startsWith("produce ") && producer != null) {
                produce(producer, args[2], "b" + batch++, Integer.parseInt(line.substring(8)));
                System.out.println("produced");
            }
        }
        streams.close();
    }

    /** Cycled through, so no 256 KB batch repeats a value and compression gains nothing. */
    private static final byte[][] VALUES = Ceilings.distinctValues();

    /** {@code count} records keyed {@code <tag>-<i>} (distinct ids: the dedupe forwards every one). */
    private static void produce(KafkaProducer<String, byte[]> producer, String topic, String tag, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, tag + "-" + i, VALUES[i % VALUES.length]));
        }
        producer.flush();
    }
}
