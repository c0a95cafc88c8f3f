package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs {@link BareStreams} in its own JVM and measures its rate: a warm-up of {@code count}
 * distinct 1 KB records keyed by id goes through first (the JIT, the store, the transactions);
 * then, with the app paused, {@code count} more are written to the input, and time runs from
 * resuming it until a read_committed consumer has seen all of them on the output.
 */
final class StreamsCeiling {

    static final String INPUT = "bench-streams-input";
    static final String OUTPUT = "bench-streams-output";

    record Result(double rate, double ownCpuMicros, double brokerCpuMicros) {
    }

    private StreamsCeiling() {
    }

    static Result run(List<String> jvm, String cp, String bootstrap, int count) throws Exception {
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("isolation.level", "read_committed");
        c.put("enable.auto.commit", "false");
        c.put("fetch.max.wait.ms", "50"); // as Tributary's backfill is read (Arrivals)
        try (KafkaConsumer<byte[], byte[]> output = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = IntStream.range(0, 6).mapToObj(i -> new TopicPartition(OUTPUT, i)).toList();
            output.assign(parts);
            output.seekToBeginning(parts);
            fill(bootstrap, "warm", count);
            // New for each run (a store left by an earlier run would hold its ids, and drop them all as
            // duplicates), and not under java.io.tmpdir, where Kafka Streams warns that the OS may clear it.
            String state = Files.createTempDirectory(Path.of("target/bench"), "bare-streams-").toAbsolutePath().toString();
            try (Child app = Child.start(jvm, cp, BareStreams.class.getName(), Map.of(), List.of(bootstrap, INPUT, OUTPUT, state), "bare-streams.log")) {
                app.awaitLine("streams running");
                long seen = readUntil(output, 0, count);
                app.send("pause");
                app.awaitLine("paused");
                fill(bootstrap, "run", count);
                double ownAt = app.cpuSeconds();
                double brokerAt = Child.cpuSeconds(ProcessHandle.current());
                long t0 = System.nanoTime();
                app.send("resume");
                readUntil(output, seen, 2L * count);
                double seconds = (System.nanoTime() - t0) / 1e9;
                return new Result(count / seconds, (app.cpuSeconds() - ownAt) * 1e6 / count,
                        (Child.cpuSeconds(ProcessHandle.current()) - brokerAt) * 1e6 / count);
            }
        }
    }

    /** Writes {@code count} records with ids {@code <tag>-<i>} and 1 KB values of random letters, each its own. */
    private static void fill(String bootstrap, String tag, int count) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("linger.ms", "10");
        p.put("batch.size", "262144");
        Random random = new Random(tag.hashCode());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                byte[] value = new byte[1024];
                for (int j = 0; j < value.length; j++) {
                    value[j] = (byte) ('A' + random.nextInt(26));
                }
                producer.send(new ProducerRecord<>(INPUT, tag + "-" + i, value));
            }
            producer.flush();
        }
    }

    /** Polls until {@code target} records were seen in all; fails after 60 s without a new one. Returns the count. */
    private static long readUntil(KafkaConsumer<byte[], byte[]> output, long seen, long target) {
        long lastNew = System.nanoTime();
        while (seen < target) {
            if (System.nanoTime() - lastNew > 60_000_000_000L) {
                throw new IllegalStateException("bare Streams published " + seen + " of " + target + "; see target/bench/bare-streams.log");
            }
            int n = output.poll(Duration.ofMillis(50)).count();
            if (n > 0) {
                seen += n;
                lastNew = System.nanoTime();
            }
        }
        return seen;
    }
}
