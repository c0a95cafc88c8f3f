package io.tributary.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tributary.kafka.EmbeddedKafkaBroker;

/**
 * One real KRaft broker for the whole test JVM, started on first use and stopped at exit.
 * Tests isolate themselves by topic names, not by brokers; tests that need to stop Kafka start
 * their own {@link EmbeddedKafkaBroker}.
 */
public final class TestKafka {

    private static EmbeddedKafkaBroker broker;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("tributary-test-kafka");
                broker = new EmbeddedKafkaBroker(dir, 0, 0).start();
                Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return broker.bootstrapServers();
    }
}
