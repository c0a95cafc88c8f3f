package io.tributary;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tributary.event.Batch;
import io.tributary.event.CloudEventWriter;
import io.tributary.deadletter.DeadLetters;
import io.tributary.event.Inbox;
import io.tributary.poll.cursor.KafkaCursorStore;
import io.tributary.loop.LoopHealth;
import io.tributary.event.NormalizeStep;
import io.tributary.config.Settings;
import io.tributary.metrics.RouteTimers;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.core.CoreHealthCheck;
import io.tributary.core.CoreSettings;
import io.tributary.core.DedupeTopology;
import io.tributary.kafka.FatalStartupException;
import io.tributary.kafka.InboxWriter;
import io.tributary.kafka.KafkaHealthCheck;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.KafkaStartup;
import io.tributary.kafka.KafkaTable;
import io.tributary.kafka.RequiredTopics;
import io.tributary.core.StreamsCore;
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

    /** Long enough for any route set to start; a context that takes longer failed to start. */
    private static final Duration CONTEXT_START_TIMEOUT = Duration.ofMinutes(2);

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
        KafkaSettings kafka = KafkaWiring.connect(context, s, environment);
        TopicProvisioner topics = closeOnStop(context, "tributary-topics", new TopicProvisioner(kafka));
        KafkaCursorStore cursors = closeOnStop(context, "tributary-cursors", new KafkaCursorStore());
        TributaryMetrics metrics = new TributaryMetrics(context);
        RouteTimers.skipHops(context);
        LoopHealth loops = new LoopHealth(java.time.Clock.systemUTC());
        // Off only for drain-spool: it writes the inbox for the other instances' cores, and must not join
        // their group with the instance id of a volume it borrowed (nor write one: settings are read only when on).
        boolean coreEnabled = Boolean.parseBoolean(s.string("tributary.core.enabled", "true"));
        CoreSettings coreSettings = coreEnabled ? KafkaWiring.coreSettings(s, kafka, dataDir) : null;
        Election election = new Election(context, s, kafka, coreSettings);
        StreamsCore core = coreEnabled ? closeOnStop(context, "tributary-core", new StreamsCore(kafka, coreSettings,
                DedupeTopology.build(kafka.inboxTopic(), kafka.deadLetterTopic(), coreSettings.retention(),
                        coreSettings.purgeInterval(), coreSettings.storeType(), metrics))) : null;

        CountDownLatch contextStarted = new CountDownLatch(1);
        CompletableFuture<Void> kafkaReady = new CompletableFuture<>();
        KafkaStartup startup = startKafkaWork(context, s, kafka, topics, cursors, loops, election, core, metrics,
                contextStarted, kafkaReady);
        context.addStartupListener((ctx, alreadyStarted) -> {
            contextStarted.countDown();
            List<String> reasons = new ArrayList<>(Arrays.stream(WebhookRejectedException.Reason.values())
                    .map(WebhookRejectedException.Reason::label).toList());
            reasons.addAll(List.of("unavailable", "spool_full"));
            metrics.registerProviders(ctx.getRoutes().stream().map(org.apache.camel.Route::getRouteId).toList(), reasons,
                    PollFailure.REASONS);
            election.registerGauges(ctx, metrics);
        });
        awaitKafka(kafka, kafkaReady);
        // Added after the core, so stopped before it: in-flight inbox writes are flushed, then the core commits.
        InboxWriter inboxWriter = closeOnStop(context, "tributary-inbox", new InboxWriter(kafka));
        bindBeans(context, s, kafka, topics, cursors, inboxWriter, core, metrics, loops, startup, election);
    }

    /**
     * What needs Kafka runs on its own thread: with Kafka unreachable, start-up goes on without it
     * (durable providers accept into the spool) and {@code kafkaReady} completes when Kafka answers.
     */
    private KafkaStartup startKafkaWork(CamelContext context, Settings s, KafkaSettings kafka, TopicProvisioner topics,
                                        KafkaCursorStore cursors, LoopHealth loops, Election election, StreamsCore core, TributaryMetrics metrics,
                                        CountDownLatch contextStarted, CompletableFuture<Void> kafkaReady) {
        List<String> required = kafka.createTopics() ? List.of() : RequiredTopics.of(kafka,
                Path.of(s.string("tributary.routes-dir", "routes")),
                KafkaWiring.tributaryKeys(context), environment, s::string);
        KafkaStartup startup = new KafkaStartup()
                .then("topics", () -> {
                    topics.durability(); // describes the cluster once; a bad replication setting fails here
                    if (kafka.createTopics()) {
                        topics.ensure(kafka.inboxTopic(), kafka.partitions(), Map.of());
                        topics.ensure(kafka.cursorTopic(), 1, Map.of("cleanup.policy", "compact"));
                        topics.ensure(kafka.deadLetterTopic(), kafka.partitions(), Map.of());
                        election.ensureTopic(topics);
                    } else {
                        topics.requireExisting(election.required(required)); // a missing topic is fatal
                    }
                    election.topicsReady();
                })
                .then("cursors", () -> {
                    cursors.attach(new KafkaTable(kafka, kafka.cursorTopic(), cursors::onRecord, loops::report).start());
                    kafkaReady.complete(null);
                });
        if (core != null) {
            startup.then("core", () -> {
                awaitContextStart(contextStarted); // the metrics registry is bound while the context starts
                core.start(topics.durability());
                metrics.gauge("tributary.inbox.lag.records", core::inboxLag);
            });
        }
        startup.onFatal(kafkaReady::completeExceptionally).begin();
        return closeOnStop(context, "tributary-kafka-startup", startup);
    }

    /** Bounded: a context that never finishes starting must not leave the core's step waiting unseen. */
    private static void awaitContextStart(CountDownLatch contextStarted) throws InterruptedException {
        if (!contextStarted.await(CONTEXT_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new FatalStartupException("The Camel context did not finish starting within " + CONTEXT_START_TIMEOUT
                    + ": the exactly-once core is not started, nothing leaves the inbox");
        }
    }

    /** Waits a short while for Kafka; starts without it when it does not answer, not at all when it cannot succeed. */
    private static void awaitKafka(KafkaSettings kafka, CompletableFuture<Void> kafkaReady) throws InterruptedException {
        try {
            kafkaReady.get(kafka.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Kafka at {} did not answer within {}: starting without it. Durable providers accept into the spool; "
                    + "other webhooks get 503 until Kafka is back", kafka.bootstrapServers(), kafka.publishTimeout());
        } catch (ExecutionException e) {
            // Kafka answered, but start-up cannot succeed (e.g. a required topic is missing): do not start.
            throw new FatalStartupException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** The beans the YAML routes call by name, and the health checks. */
    private static void bindBeans(CamelContext context, Settings s, KafkaSettings kafka, TopicProvisioner topics,
                                  KafkaCursorStore cursors, InboxWriter inboxWriter, StreamsCore core, TributaryMetrics metrics,
                                  LoopHealth loops, KafkaStartup startup, Election election) throws Exception {
        CloudEventWriter cloudEvents = new CloudEventWriter(topics, kafka.inboxTopic());
        CloudEventWriter.checkModes(s, KafkaWiring.tributaryKeys(context)); // structured or binary, else no start
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
        registry.bind("deadLetters", new DeadLetters(metrics));
        registry.bind("spool", SpoolSteps.create(context, metrics));
        registry.bind("kafkaHealthCheck", new KafkaHealthCheck(topics, kafka.bootstrapServers(), startup));
        registry.bind("loopHealth", loops);
        election.bindHealth(context);
        registry.bind("pollLiveness", new PollLiveness(java.time.Clock.systemUTC(), provider -> election.leads(context, provider)));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(registry.lookupByName("kafkaHealthCheck"));
            if (core != null) {
                health.register(registry.lookupByName("coreHealthCheck"));
            }
            health.register(registry.lookupByName("loopHealth"));
            health.register(registry.lookupByName("pollLiveness"));
            election.registerHealth(context, health);
        }
    }

    /** The shared normalisation step of tributary-ingest: stateless, so Camel binds it. */
    @BindToRegistry("normalize")
    public NormalizeStep normalize() {
        return new NormalizeStep();
    }

    /** Whether the body is a {@link Batch} with dead letters: the ingest route's filter. */
    @BindToRegistry("deadLettered")
    public Predicate deadLettered() {
        return Batch.DEAD_LETTERED;
    }

    /** Enrich's strategy that keeps the body it was given (a failure of the enrichment still propagates). */
    @BindToRegistry("keepBody")
    public AggregationStrategy keepBody() {
        return new UseOriginalAggregationStrategy();
    }

    /** A failed poll's backoff and metrics (the poll routes' error configuration). */
    @BindToRegistry("pollFailures")
    public PollFailures pollFailures() {
        return new PollFailures();
    }

    /** Camel stops services in reverse order of adding, so the broker (added first) stops last. */
    static <T extends AutoCloseable> T closeOnStop(CamelContext context, String name, T closeable) {
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
            return closeable;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
