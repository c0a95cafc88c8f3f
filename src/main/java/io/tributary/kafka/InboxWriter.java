package io.tributary.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The edge's one producer: writes candidate events to the inbox (and dead letters) with acks=all
 * and idempotence. Sends never wait for their own round trip: concurrent webhooks and pipelined
 * pages share batches (linger), and each caller gets a future completed by Kafka's ack.
 * Duplicates a retry may cause are harmless: the core dedupes.
 */
public final class InboxWriter implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public InboxWriter(KafkaSettings settings) {
        Properties p = settings.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(settings.inboxLinger().toMillis()));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(settings.timeoutMillis()));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1000, settings.timeoutMillis() / 2)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(2000, settings.timeoutMillis())));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tributary-inbox");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(settings.maxRequestBytes()));
        p.putAll(settings.clientOverrides());
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes once Kafka acknowledged every record, or exceptionally with the first failure. */
    public CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (records.isEmpty()) {
            done.complete(null);
            return done;
        }
        AtomicInteger left = new AtomicInteger(records.size());
        try {
            for (ProducerRecord<String, byte[]> r : records) {
                producer.send(r, (md, e) -> {
                    if (e != null) {
                        done.completeExceptionally(e);
                    } else if (left.decrementAndGet() == 0) {
                        done.complete(null);
                    }
                });
            }
        } catch (RuntimeException e) { // metadata not available within max.block.ms, a closed producer
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10)); // flushes what is in flight
    }
}
