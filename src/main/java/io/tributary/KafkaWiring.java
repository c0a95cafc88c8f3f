package io.tributary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import io.tributary.config.Settings;
import io.tributary.kafka.ClientSettings;
import io.tributary.core.CoreSettings;
import io.tributary.core.DedupeTopology;
import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.kafka.KafkaSettings;
import io.tributary.core.StreamsCore;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka's settings read from the properties: the clients', the exactly-once core's, and the embedded broker. */
final class KafkaWiring {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaWiring.class);

    private KafkaWiring() {
    }

    /**
     * The Kafka settings, with the dead-letter producer (Camel's Kafka component) configured from them.
     * An embedded broker is started when {@code tributary.kafka.bootstrap-servers} is not set.
     */
    static KafkaSettings connect(CamelContext context, Settings s, Map<String, String> environment) {
        String bootstrap = s.optional("tributary.kafka.bootstrap-servers").orElseGet(() -> startEmbeddedBroker(context, s));
        // -D, then property files (Camel's loadProperties does not return -D), then the environment (TRIBUTARY_KAFKA_CLIENT_*)
        Properties clientProps = context.getPropertiesComponent().loadProperties(k -> k.startsWith(KafkaSettings.CLIENT_PREFIX));
        KafkaSettings kafka = kafkaSettings(s, bootstrap, ClientSettings.collect(clientProps, System.getProperties(), environment));
        configureKafkaComponent(context, kafka);
        return kafka;
    }

    /** @param clientOverrides Kafka client settings without prefix, see {@link ClientSettings#collect} */
    static KafkaSettings kafkaSettings(Settings s, String bootstrapServers, Map<String, Object> clientOverrides) {
        String create = s.string("tributary.kafka.create-topics", "true").toLowerCase(Locale.ROOT);
        if (!create.equals("true") && !create.equals("false")) {
            throw new IllegalArgumentException("Property tributary.kafka.create-topics must be true or false, got '" + create + "'");
        }
        return new KafkaSettings(bootstrapServers, Map.copyOf(clientOverrides),
                s.duration("tributary.kafka.publish-timeout", Duration.ofSeconds(10)),
                s.integer("tributary.kafka.partitions", 6),
                (short) s.integer("tributary.kafka.replication-factor", -1),
                s.string("tributary.kafka.inbox-topic", "tributary.inbox"),
                s.duration("tributary.kafka.inbox-linger", Duration.ofMillis(5)),
                s.string("tributary.kafka.cursor-topic", "tributary.cursors"),
                s.string("tributary.kafka.deadletter-topic", "tributary.deadletter"),
                Boolean.parseBoolean(create),
                s.integer("tributary.kafka.min-insync-replicas", -1),
                s.integer("tributary.http.max-body-size", 1024 * 1024) + KafkaSettings.ENVELOPE_HEADROOM);
    }

    static CoreSettings coreSettings(Settings s, KafkaSettings kafka, Path dataDir) {
        String store = s.string("tributary.ledger.store", "rocksdb").toUpperCase(Locale.ROOT).replace('-', '_');
        return new CoreSettings(
                s.string("tributary.kafka.application-id", "tributary"),
                kafka.inboxTopic(),
                dataDir.resolve("streams"),
                s.duration("tributary.ledger.retention", Duration.ofDays(30)),
                s.duration("tributary.ledger.purge-interval", Duration.ofMinutes(1)),
                DedupeTopology.StoreType.valueOf(store),
                s.duration("tributary.core.commit-interval", Duration.ofMillis(50)),
                s.integer("tributary.core.stream-threads", 1),
                s.integer("tributary.core.standby-replicas", 0),
                s.duration("tributary.core.session-timeout", Duration.ofSeconds(10)),
                instanceId(s, dataDir),
                s.integer("tributary.rocksdb.cache-mb", 32) * (1L << 20),
                s.integer("tributary.rocksdb.write-buffer-mb", 8) * (1L << 20));
    }

    /** Every {@code tributary.*} key set in property files, override properties or {@code -D}. */
    static Set<String> tributaryKeys(CamelContext context) {
        Set<String> keys = new HashSet<>(
                context.getPropertiesComponent().loadProperties(k -> k.startsWith("tributary.")).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("tributary.")).forEach(keys::add);
        return keys;
    }

    /** Static membership by default (a name kept in the data directory); {@code dynamic} turns it off. */
    private static Optional<String> instanceId(Settings s, Path dataDir) {
        String id = s.string("tributary.core.instance-id", "auto");
        return switch (id) {
            case "auto" -> Optional.of(StreamsCore.persistentInstanceId(dataDir));
            case "dynamic" -> Optional.empty();
            default -> Optional.of(id);
        };
    }

    private static String startEmbeddedBroker(CamelContext context, Settings s) {
        Path dir = Path.of(s.string("tributary.data-dir", "data")).resolve("kafka");
        int port = s.integer("tributary.kafka.embedded-port", 9092);
        int controllerPort = s.integer("tributary.kafka.embedded-controller-port", port == 0 ? 0 : port + 1);
        LOG.info("tributary.kafka.bootstrap-servers is not set: starting an embedded Kafka broker");
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port, controllerPort).start();
        TributaryConfiguration.closeOnStop(context, "tributary-embedded-kafka", broker);
        context.getRegistry().bind("embeddedKafka", broker); // the ready line names its ports
        return broker.bootstrapServers();
    }

    /**
     * The dead-letter producer (Camel's Kafka component): what depends on the settings. Its fixed
     * options (acks=all, idempotence, serializers, synchronous sends) are camel.component.kafka.*
     * in application.properties.
     */
    private static void configureKafkaComponent(CamelContext context, KafkaSettings kafka) {
        KafkaConfiguration c = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        c.setBrokers(kafka.bootstrapServers());
        int timeout = kafka.timeoutMillis();
        c.setMaxBlockMs(timeout);
        c.setRequestTimeoutMs(Math.max(1000, timeout / 2));
        c.setDeliveryTimeoutMs(Math.max(2000, timeout));
        c.setMaxRequestSize(kafka.maxRequestBytes()); // a dead letter carries a body as large as the HTTP limit
        c.getAdditionalProperties().putAll(kafka.clientOverrides());
    }
}
