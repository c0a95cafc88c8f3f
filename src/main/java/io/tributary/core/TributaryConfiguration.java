package io.tributary.core;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.kafka.KafkaHealthCheck;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.KafkaTable;
import io.tributary.kafka.TopicProvisioner;
import io.tributary.poll.PollFailures;
import io.tributary.spool.SpoolSteps;
import io.tributary.webhook.HttpServerLimits;
import io.tributary.webhook.WebhookIntake;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the shared runtime before any route starts: Kafka (embedded when no bootstrap servers are
 * configured), its topics, the dedupe ledger and cursor store replayed from Kafka, and the beans
 * the YAML routes call by name.
 */
public class TributaryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TributaryConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        String bootstrap = s.optional("tributary.kafka.bootstrap-servers").orElseGet(() -> startEmbeddedBroker(context, s));
        Properties clientProps = context.getPropertiesComponent().loadProperties(k -> k.startsWith(KafkaSettings.CLIENT_PREFIX));
        KafkaSettings kafka = KafkaSettings.from(s, bootstrap, clientProps);
        configureKafkaComponent(context, kafka);

        TopicProvisioner topics = new TopicProvisioner(kafka);
        Duration retention = s.duration("tributary.ledger.retention", Duration.ofDays(30));
        topics.ensure(kafka.ledgerTopic(), kafka.partitions(), Map.of(
                "cleanup.policy", "compact,delete", "retention.ms", Long.toString(retention.toMillis())));
        topics.ensure(kafka.cursorTopic(), 1, Map.of("cleanup.policy", "compact"));
        topics.ensure(kafka.deadLetterTopic(), kafka.partitions(), Map.of());

        DedupeLedger ledger = new DedupeLedger(s.integer("tributary.ledger.max-keys", 1_000_000), retention,
                kafka.publishTimeout().multipliedBy(3), Clock.systemUTC());
        ledger.attach(new KafkaTable(kafka, kafka.ledgerTopic(), ledger::onRecord).start());
        KafkaCursorStore cursors = new KafkaCursorStore();
        cursors.attach(new KafkaTable(kafka, kafka.cursorTopic(), cursors::onRecord).start());
        closeOnStop(context, "tributary-ledger", ledger);
        closeOnStop(context, "tributary-cursors", cursors);
        closeOnStop(context, "tributary-topics", topics);

        TributaryMetrics metrics = new TributaryMetrics(context);
        var registry = context.getRegistry();
        registry.bind("kafkaSettings", kafka);
        registry.bind("topicProvisioner", topics);
        registry.bind("dedupeLedger", ledger);
        registry.bind("cursorStore", cursors);
        registry.bind("cloudEventWriter", new CloudEventWriter(topics));
        registry.bind("tributaryMetrics", metrics);
        registry.bind("normalize", new NormalizeStep());
        registry.bind("webhookIntake", new WebhookIntake(metrics, s.integer("tributary.http.max-body-size", 1024 * 1024)));
        registry.bind("tributaryVertx", HttpServerLimits.vertx(context, registry.lookupByNameAndType("webhookIntake", WebhookIntake.class).rejections()));
        registry.bind("pollFailures", new PollFailures());
        registry.bind("deadLetters", new DeadLetters(kafka, metrics));
        registry.bind("spool", SpoolSteps.create(context, metrics));
        registry.bind("kafkaHealthCheck", new KafkaHealthCheck(topics, bootstrap));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(registry.lookupByName("kafkaHealthCheck"));
        }
    }

    private static String startEmbeddedBroker(CamelContext context, Settings s) {
        Path dir = Path.of(s.string("tributary.data-dir", "data")).resolve("kafka");
        int port = s.integer("tributary.kafka.embedded-port", 9092);
        int controllerPort = s.integer("tributary.kafka.embedded-controller-port", port == 0 ? 0 : port + 1);
        LOG.info("tributary.kafka.bootstrap-servers is not set: starting an embedded Kafka broker");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port, controllerPort).start();
        closeOnStop(context, "tributary-embedded-kafka", broker);
        return broker.bootstrapServers();
    }

    /** The one producer that publishes events: acks=all, idempotent, bounded blocking so webhooks get a timely 503. */
    private static void configureKafkaComponent(CamelContext context, KafkaSettings kafka) {
        KafkaConfiguration c = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        c.setBrokers(kafka.bootstrapServers());
        c.setRequestRequiredAcks("all");
        c.setEnableIdempotence(true);
        c.setKeySerializer(StringSerializer.class.getName());
        c.setValueSerializer(ByteArraySerializer.class.getName());
        int timeout = kafka.timeoutMillis();
        c.setMaxBlockMs(timeout);
        c.setRequestTimeoutMs(Math.max(1000, timeout / 2));
        c.setDeliveryTimeoutMs(Math.max(2000, timeout));
        // Synchronous: the calling thread waits for the ack. With the asynchronous producer, Camel 4.18.0
        // ran the steps after a split once per sub-exchange (a poll cursor was committed up to six times).
        c.setSynchronous(true);
        // A delivery or a polled page is sent as one batch; each record keeps its own headers.
        c.setBatchWithIndividualHeaders(true);
        c.setLingerMs(0);
        // One request in flight per partition: a rejected first batch (a partition leader still
        // moving) can then never leave later batches failing with OUT_OF_ORDER_SEQUENCE_NUMBER
        // until a timeout after part of them was written, which a retry would publish twice.
        c.setMaxInFlightRequest(1);

        c.getAdditionalProperties().putAll(kafka.clientOverrides());
    }

    /** Camel stops services in reverse order of adding, so the broker (added first) stops last. */
    private static void closeOnStop(CamelContext context, String name, AutoCloseable closeable) {
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    closeable.close();
                }

                @Override
                public String toString() {
                    return name;
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
