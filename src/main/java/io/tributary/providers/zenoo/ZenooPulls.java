package io.tributary.providers.zenoo;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.loop.LoopHealth;
import io.tributary.loop.LoopHealth;
import io.tributary.config.Props;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.TopicProvisioner;
import io.tributary.webhook.WebhookRejectedException;
import io.tributary.providers.zenoo.PendingTokens.Pending;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pull-by-token. Pending tokens live in a compacted Kafka topic (restart-safe, with the time each
 * was registered), and one timer tick checks the due ones, so hundreds of tokens cost no threads.
 * The plan per token: every {@code fastInterval} during {@code fastPhase}, then every
 * {@code slowInterval} until {@code timeout}, when a {@code zenoo.pull.timed_out} event is
 * published; then a fallback check every {@code fallbackInterval} until {@code giveUpAfter}.
 * 200 publishes the result, 404 a {@code zenoo.pull.token_invalid} event; a token is forgotten only
 * after its outcome is in Kafka. A {@code verification.completed} webhook cancels the pull.
 * Outside the token store a token only ever appears as its {@link TokenFingerprint}.
 */
public final class ZenooPulls {

    private static final Logger LOG = LoggerFactory.getLogger(ZenooPulls.class);
    private static final String SETTLE = "zenooSettle";

    private String storeTopic = "tributary.zenoo.tokens";
    private String pendingTopic = "tributary.zenoo.pending";
    private int maxPerTick = 50;
    private String fingerprintKey;
    private String webhookSecret;
    private volatile TokenFingerprint fingerprint;
    private Clock clock = Clock.systemUTC();
    final PendingTokens tokens = new PendingTokens(this::fingerprint);
    private final PullPlan plan = new PullPlan();
    private final ZenooApi api = new ZenooApi();
    private final ZenooOutcomes outcomes = new ZenooOutcomes(this::fingerprint);
    private final ZenooRegistrations registrations = new ZenooRegistrations(tokens);

    /** Creates the topics and replays the pending tokens; idempotent. */
    public synchronized void start(Exchange exchange) {
        if (!tokens.started()) {
            var registry = exchange.getContext().getRegistry();
            TopicProvisioner topics = registry.lookupByNameAndType("topicProvisioner", TopicProvisioner.class);
            topics.ensure(storeTopic, 1, Map.of("cleanup.policy", "compact"));
            topics.ensure(pendingTopic, 3, Map.of());
            tokens.start(registry.lookupByNameAndType("kafkaSettings", KafkaSettings.class), storeTopic, LoopHealth.of(exchange)::report);
            LOG.info("Zenoo pulls resumed for {} pending tokens", tokens.size());
        }
    }

    /** From {@code tributary.zenoo.pending}: {@code {pull_token, external_reference}}. */
    public void register(Exchange exchange) {
        start(exchange);
        registrations.fromPendingTopic(exchange);
    }

    /** A webhook that carries a pull token: a ping that asks for an immediate pull. */
    public boolean isPing(Exchange exchange) throws IOException {
        return registrations.isPing(exchange);
    }

    public void ping(Exchange exchange) throws IOException {
        if (!api.enabled()) {
            throw new WebhookRejectedException(WebhookRejectedException.Reason.PULL_DISABLED, "a ping, but tributary.zenoo.api-key is not set");
        }
        start(exchange);
        registrations.ping(exchange);
    }

    /** A {@code verification.completed} webhook won the race: stop pulling for its reference. */
    public void webhookArrived(Exchange exchange) throws IOException {
        registrations.webhookArrived(exchange);
    }

    /** Checks the due tokens; the body becomes their outcomes, for direct:ingest. */
    public void tick(Exchange exchange) {
        start(exchange);
        Instant now = clock.instant();
        List<byte[]> found = new ArrayList<>();
        List<Pending> settle = new ArrayList<>();
        int requests = 0;
        for (Pending p : tokens.all()) {
            if (requests >= maxPerTick) {
                break; // the rest are due on the next tick: one tick never calls every token in sequence
            }
            if (now.isBefore(tokens.nextCheck(p.token(), now))) {
                continue;
            }
            switch (plan.step(p, now)) {
                case GIVE_UP -> {
                    LOG.info("Giving up a Zenoo pull token after {}", plan.giveUpAfter);
                    tokens.forget(p.token());
                }
                case TIME_OUT -> {
                    found.add(outcomes.outcome("timed_out", p, null));
                    settle.add(new Pending(p.token(), p.externalReference(), p.registeredAt(), true));
                    tokens.checkAt(p.token(), plan.nextCheck(p, now));
                }
                case PULL -> {
                    requests++;
                    tokens.checkAt(p.token(), plan.nextCheck(p, now));
                    ZenooApi.Answer answer = api.pull(p.token());
                    if (answer instanceof ZenooApi.Result r) {
                        found.add(outcomes.outcome("result", p, r.payload()));
                        settle.add(p);
                    } else if (answer instanceof ZenooApi.Invalid) {
                        found.add(outcomes.outcome("token_invalid", p, null));
                        settle.add(p);
                    }
                }
            }
        }
        exchange.setProperty(SETTLE, settle);
        exchange.setProperty(Props.CHANNEL, "pull");
        exchange.getMessage().setBody(found);
    }

    /** After the outcomes are in Kafka: results and invalid tokens are forgotten, time-outs remembered as such. */
    @SuppressWarnings("unchecked")
    public void settle(Exchange exchange) {
        LoopHealth health = LoopHealth.of(exchange);
        if (health != null) {
            health.succeeded(exchange.getFromRouteId());
        }
        for (Pending p : (List<Pending>) exchange.getProperty(SETTLE, List.class)) {
            Pending current = tokens.get(p.token());
            if (p.timedOut() && current != null && !current.timedOut()) {
                tokens.save(p);
            } else {
                tokens.forget(p.token());
            }
        }
    }

    String fingerprint(String token) {
        TokenFingerprint f = fingerprint;
        if (f == null) {
            f = TokenFingerprint.of(fingerprintKey, api.apiKey);
            if (f == null) {
                return "(unkeyed)";
            }
            fingerprint = f;
        }
        return f.of(token);
    }

    /** Init method: says at start-up, not at the first ping, that pings cannot be served. */
    public void checkConfiguration() {
        if (!api.enabled() && webhookSecret != null && !webhookSecret.isBlank()) {
            LOG.warn("tributary.zenoo.api-key is not set: Zenoo pings (webhooks carrying {}) are refused with 503", registrations.pingTokenField);
        }
    }

    public int pendingCount() {
        return tokens.size();
    }

    public void setFingerprintKey(String fingerprintKey) {
        this.fingerprintKey = fingerprintKey;
    }

    public void setWebhookSecret(String webhookSecret) {
        this.webhookSecret = webhookSecret;
    }

    public void setMaxPending(int maxPending) {
        registrations.maxPending = maxPending;
    }

    public void setMaxPerTick(int maxPerTick) {
        this.maxPerTick = maxPerTick;
    }

    public void setBaseUrl(String baseUrl) {
        api.baseUrl = baseUrl;
    }

    public void setApiKey(String apiKey) {
        api.apiKey = apiKey;
    }

    /** Test seam: the clock of the pull plan. */
    void setClock(Clock clock) {
        this.clock = clock;
    }

    public void setPingTokenField(String pingTokenField) {
        registrations.pingTokenField = pingTokenField;
    }

    public void setStoreTopic(String storeTopic) {
        this.storeTopic = storeTopic;
    }

    public void setPendingTopic(String pendingTopic) {
        this.pendingTopic = pendingTopic;
    }

    /** The pull plan, bound from the route file's nested {@code plan} block. */
    public PullPlan getPlan() {
        return plan;
    }
}
