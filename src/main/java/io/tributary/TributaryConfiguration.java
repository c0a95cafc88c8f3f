package io.tributary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.cluster.ClusterServices;
import io.tributary.cluster.LeadershipHealthCheck;
import io.tributary.core.Batch;
import io.tributary.core.CloudEventWriter;
import io.tributary.core.DeadLetters;
import io.tributary.core.Inbox;
import io.tributary.core.KafkaCursorStore;
import io.tributary.core.LoopHealth;
import io.tributary.core.NormalizeStep;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
import io.tributary.kafka.ClientSettings;
import io.tributary.kafka.CoreHealthCheck;
import io.tributary.kafka.CoreSettings;
import io.tributary.kafka.DedupeTopology;
import io.tributary.kafka.EmbeddedKafkaBroker;
import io.tributary.kafka.FatalStartupException;
import io.tributary.kafka.InboxWriter;
import io.tributary.kafka.KafkaHealthCheck;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.KafkaStartup;
import io.tributary.kafka.KafkaTable;
import io.tributary.kafka.RequiredTopics;
import io.tributary.kafka.StreamsCore;
import io.tributary.kafka.TopicProvisioner;
import io.tributary.poll.PollFailure;
import io.tributary.poll.PollFailures;
import io.tributary.poll.PollLiveness;
import io.tributary.spool.SpoolSteps;
import io.tributary.webhook.HttpServerLimits;
import io.tributary.webhook.WebhookIntake;
import io.tributary.webhook.WebhookRejectedException;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Predicate;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.processor.aggregate.UseOriginalAggregationStrategy;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the shared runtime before any route starts (Camel finds this class by scanning the package
 * root; it is the only class that knows every package): Kafka (embedded when no bootstrap servers are
 * configured), its topics, the inbox producer, the exactly-once core (Kafka Streams), the cursor
 * store replayed from Kafka, and the beans the YAML routes call by name.
 */
public class TributaryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TributaryConfiguration.class);

    private final Map<String, String> environment;

    public TributaryConfiguration() {
        this(System.getenv());
    }

    /** @param environment where {@code TRIBUTARY_KAFKA_CLIENT_*} settings are read (the process environment) */
    public TributaryConfiguration(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings s = Settings.of(context);
        Path dataDir = Path.of(s.string("tributary.data-dir", "data"));
        String bootstrap = s.optional("tributary.kafka.bootstrap-servers").orElseGet(() -> startEmbeddedBroker(context, s));
        // -D, then property files (Camel's loadProperties does not return -D), then the environment (TRIBUTARY_KAFKA_CLIENT_*)
        Properties clientProps = context.getPropertiesComponent().loadProperties(k -> k.startsWith(KafkaSettings.CLIENT_PREFIX));
        KafkaSettings kafka = kafkaSettings(s, bootstrap, ClientSettings.collect(clientProps, System.getProperties(), environment));
        configureKafkaComponent(context, kafka);

        TopicProvisioner topics = new TopicProvisioner(kafka);
        closeOnStop(context, "tributary-topics", topics);
        KafkaCursorStore cursors = new KafkaCursorStore();
        closeOnStop(context, "tributary-cursors", cursors);

        TributaryMetrics metrics = new TributaryMetrics(context);
        // Off only for drain-spool: it writes the inbox for the other instances' cores, and must not join
        // their group with the instance id of a volume it borrowed (nor write one: settings are read only when on).
        boolean coreEnabled = Boolean.parseBoolean(s.string("tributary.core.enabled", "true"));
        CoreSettings coreSettings = coreEnabled ? coreSettings(s, kafka, dataDir) : null;
        // One leader per provider for the routes that call providers (master: endpoints); elected once the topic exists.
        CompletableFuture<Void> leaderTopicReady = new CompletableFuture<>();
        boolean kafkaElection = ClusterServices.kind(s).equals("kafka");
        String leaderTopic = ClusterServices.topic(s);
        Optional<CamelClusterService> cluster = ClusterServices.create(s, kafka,
                s.string("tributary.kafka.application-id", "tributary"),
                () -> s.optional("tributary.cluster.member-id").orElseGet(() -> coreSettings == null ? StreamsCore.randomInstanceId()
                        : coreSettings.instanceId().orElseGet(StreamsCore::randomInstanceId)),
                leaderTopicReady);
        if (cluster.isPresent()) {
            context.addService(cluster.get());
        }
        StreamsCore core = null;
        if (coreEnabled) {
            core = new StreamsCore(kafka, coreSettings, DedupeTopology.build(kafka.inboxTopic(), kafka.deadLetterTopic(),
                    coreSettings.retention(), coreSettings.purgeInterval(), coreSettings.storeType(), metrics));
            closeOnStop(context, "tributary-core", core);
        }
        // What needs Kafka runs on its own thread: with Kafka unreachable, start-up goes on without it
        // (durable providers accept into the spool) and this completes when Kafka answers.
        CountDownLatch contextStarted = new CountDownLatch(1);
        CompletableFuture<Void> kafkaReady = new CompletableFuture<>();
        List<String> required = kafka.createTopics() ? List.of() : RequiredTopics.of(kafka,
                Path.of(s.string("tributary.routes-dir", "routes")),
                tributaryKeys(context), environment, s::string);
        KafkaStartup startup = new KafkaStartup()
                .then("topics", () -> {
                    topics.durability(); // describes the cluster once; a bad replication setting fails here
                    if (kafka.createTopics()) {
                        topics.ensure(kafka.inboxTopic(), kafka.partitions(), Map.of());
                        topics.ensure(kafka.cursorTopic(), 1, Map.of("cleanup.policy", "compact"));
                        topics.ensure(kafka.deadLetterTopic(), kafka.partitions(), Map.of());
                        if (kafkaElection) {
                            topics.ensure(leaderTopic, 1, Map.of()); // only elections use it: nothing is ever written
                        }
                    } else {
                        topics.requireExisting(kafkaElection ? concat(required, leaderTopic) : required); // a missing topic is fatal
                    }
                    leaderTopicReady.complete(null);
                })
                .then("cursors", () -> {
                    cursors.attach(new KafkaTable(kafka, kafka.cursorTopic(), cursors::onRecord).start());
                    kafkaReady.complete(null);
                });
        if (core != null) {
            StreamsCore started = core;
            startup.then("core", () -> {
                contextStarted.await(); // the metrics registry is bound while the context starts
                started.start(topics.durability());
                metrics.gauge("tributary.inbox.lag.records", started::inboxLag);
            });
        }
        startup.onFatal(kafkaReady::completeExceptionally).begin();
        closeOnStop(context, "tributary-kafka-startup", startup);
        context.addStartupListener((ctx, alreadyStarted) -> {
            contextStarted.countDown();
            List<String> reasons = new ArrayList<>(Arrays.stream(WebhookRejectedException.Reason.values())
                    .map(WebhookRejectedException.Reason::label).toList());
            reasons.addAll(List.of("unavailable", "spool_full"));
            metrics.registerProviders(ctx.getRoutes().stream().map(org.apache.camel.Route::getRouteId).toList(), reasons,
                    PollFailure.REASONS);
            cluster.ifPresent(c -> ClusterServices.namespaces(ctx).forEach(provider ->
                    metrics.gauge("tributary.leader", provider, () -> c.isLeader(provider) ? 1 : 0)));
        });
        try {
            kafkaReady.get(kafka.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Kafka at {} did not answer within {}: starting without it. Durable providers accept into the spool; "
                    + "other webhooks get 503 until Kafka is back", bootstrap, kafka.publishTimeout());
        } catch (ExecutionException e) {
            // Kafka answered, but start-up cannot succeed (e.g. a required topic is missing): do not start.
            throw new FatalStartupException(e.getCause().getMessage(), e.getCause());
        }
        // Added after the core, so stopped before it: in-flight inbox writes are flushed, then the core commits.
        InboxWriter inboxWriter = new InboxWriter(kafka);
        closeOnStop(context, "tributary-inbox", inboxWriter);
        CloudEventWriter cloudEvents = new CloudEventWriter(topics, kafka.inboxTopic());

        var registry = context.getRegistry();
        registry.bind("kafkaSettings", kafka);
        registry.bind("topicProvisioner", topics);
        registry.bind("cursorStore", cursors);
        registry.bind("cloudEventWriter", cloudEvents);
        registry.bind("inbox", new Inbox(inboxWriter, cloudEvents, kafka.publishTimeout()));
        if (core != null) {
            registry.bind("streamsCore", core);
            registry.bind("coreHealthCheck", new CoreHealthCheck(core));
        }
        registry.bind("tributaryMetrics", metrics);
        registry.bind("webhookIntake", new WebhookIntake(metrics, s.integer("tributary.http.max-body-size", 1024 * 1024)));
        registry.bind("tributaryVertx", HttpServerLimits.vertx(context, registry.lookupByNameAndType("webhookIntake", WebhookIntake.class).rejections()));
        registry.bind("deadLetters", new DeadLetters(kafka, metrics));
        registry.bind("spool", SpoolSteps.create(context, metrics));
        registry.bind("kafkaHealthCheck", new KafkaHealthCheck(topics, bootstrap, startup));
        registry.bind("loopHealth", new LoopHealth(java.time.Clock.systemUTC()));
        cluster.ifPresent(c -> registry.bind("leadershipHealthCheck", new LeadershipHealthCheck(c)));
        // Only the master: routes' namespaces: asking about another provider would join its election.
        registry.bind("pollLiveness", new PollLiveness(java.time.Clock.systemUTC(), provider -> cluster.isPresent()
                && ClusterServices.namespaces(context).contains(provider) && cluster.get().isLeader(provider)));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(registry.lookupByName("kafkaHealthCheck"));
            if (core != null) {
                health.register(registry.lookupByName("coreHealthCheck"));
            }
            health.register(registry.lookupByName("loopHealth"));
            health.register(registry.lookupByName("pollLiveness"));
            cluster.ifPresent(c -> health.register(registry.lookupByName("leadershipHealthCheck")));
        }
    }

    /** The shared normalisation step of tributary-ingest: stateless, so Camel binds it. */
    @BindToRegistry("normalize")
    public NormalizeStep normalize() {
        return new NormalizeStep();
    }

    /** Enrich's strategy that keeps the body it was given (a failure of the enrichment still propagates). */
    @BindToRegistry("deadLettered")
    public Predicate deadLettered() {
        return Batch.DEAD_LETTERED;
    }

    @BindToRegistry("keepBody")
    public AggregationStrategy keepBody() {
        return new UseOriginalAggregationStrategy();
    }

    /** A failed poll's backoff and metrics (the poll routes' error configuration). */
    @BindToRegistry("pollFailures")
    public PollFailures pollFailures() {
        return new PollFailures();
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

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new ArrayList<>(list);
        all.add(more);
        return all;
    }

    /** Every {@code tributary.*} key set in property files, override properties or {@code -D}. */
    private static java.util.Set<String> tributaryKeys(CamelContext context) {
        java.util.Set<String> keys = new java.util.HashSet<>(
                context.getPropertiesComponent().loadProperties(k -> k.startsWith("tributary.")).stringPropertyNames());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("tributary.")).forEach(keys::add);
        return keys;
    }

    private static CoreSettings coreSettings(Settings s, KafkaSettings kafka, Path dataDir) {
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
        closeOnStop(context, "tributary-embedded-kafka", broker);
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
