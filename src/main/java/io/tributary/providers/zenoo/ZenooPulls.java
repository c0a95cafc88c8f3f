package io.tributary.providers.zenoo;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.core.Json;
import io.tributary.core.LoopHealth;
import io.tributary.core.Props;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
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

    private String pingTokenField = "pull_token";
    private String storeTopic = "tributary.zenoo.tokens";
    private String pendingTopic = "tributary.zenoo.pending";
    private int maxPerTick = 50;
    private int maxPending = 10_000;
    private String fingerprintKey;
    private String webhookSecret;
    private volatile TokenFingerprint fingerprint;
    private volatile boolean full;
    private Clock clock = Clock.systemUTC();
    final PendingTokens tokens = new PendingTokens(this::fingerprint);
    private final PullPlan plan = new PullPlan();
    private final ZenooApi api = new ZenooApi();
    private final ZenooOutcomes outcomes = new ZenooOutcomes(this::fingerprint);

    /** Creates the topics and replays the pending tokens; idempotent. */
    public synchronized void start(Exchange exchange) {
        if (!tokens.started()) {
            var registry = exchange.getContext().getRegistry();
            TopicProvisioner topics = registry.lookupByNameAndType("topicProvisioner", TopicProvisioner.class);
            topics.ensure(storeTopic, 1, Map.of("cleanup.policy", "compact"));
            topics.ensure(pendingTopic, 3, Map.of());
            tokens.start(registry.lookupByNameAndType("kafkaSettings", KafkaSettings.class), storeTopic);
            LOG.info("Zenoo pulls resumed for {} pending tokens", tokens.size());
        }
    }

    /** From {@code tributary.zenoo.pending}: {@code {pull_token, external_reference}}. */
    public void register(Exchange exchange) throws IOException {
        start(exchange);
        JsonNode n = Json.MAPPER.readTree(exchange.getMessage().getBody(String.class));
        String token = n.path("pull_token").asText("");
        if (token.isBlank()) {
            LOG.warn("A pending verification without pull_token was ignored");
            return;
        }
        if (!register(token, n.path("external_reference").asText(null))) {
            // Refused, not retried: retrying at once would spin the consumer while the set is full.
            exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class)
                    .counter("tributary.zenoo.pending.refused", "zenoo").increment();
        }
    }

    /** @return false when the pending set is full (logged once per episode); a failed store write throws */
    private boolean register(String token, String externalReference) {
        Pending known = tokens.get(token);
        if (known == null && tokens.size() >= maxPending) {
            if (!full) {
                full = true;
                LOG.warn("Zenoo follows {} tokens, the most tributary.zenoo.max-pending allows: new ones are refused", tokens.size());
            }
            return false;
        }
        full = false;
        tokens.save(known != null ? known : new Pending(token, externalReference, Instant.now(), false));
        tokens.checkAt(token, Instant.now());
        return true;
    }

    /** A webhook that carries a pull token: a ping that asks for an immediate pull. */
    public boolean isPing(Exchange exchange) throws IOException {
        return !Json.MAPPER.readTree(exchange.getProperty(Props.RAW, byte[].class)).path(pingTokenField).asText("").isBlank();
    }

    public void ping(Exchange exchange) throws IOException {
        if (!api.enabled()) {
            throw new WebhookRejectedException(WebhookRejectedException.Reason.PULL_DISABLED, "a ping, but tributary.zenoo.api-key is not set");
        }
        start(exchange);
        JsonNode n = Json.MAPPER.readTree(exchange.getProperty(Props.RAW, byte[].class));
        String ref = n.path("external_reference").asText(n.path("callback_reference").asText(null));
        if (!register(n.path(pingTokenField).asText(), ref)) {
            throw new IllegalStateException("too many pending Zenoo tokens"); // answered 503
        }
    }

    /** A {@code verification.completed} webhook won the race: stop pulling for its reference. */
    public void webhookArrived(Exchange exchange) throws IOException {
        JsonNode n = Json.MAPPER.readTree(exchange.getProperty(Props.RAW, byte[].class));
        String ref = n.path("callback_reference").asText("");
        if (ZenooNormalizer.COMPLETED.equals(n.path("event_type").asText()) && !ref.isBlank() && tokens.started()) {
            tokens.all().stream().filter(p -> ref.equals(p.externalReference())).toList().forEach(p -> tokens.forget(p.token()));
        }
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
            LOG.warn("tributary.zenoo.api-key is not set: Zenoo pings (webhooks carrying {}) are refused with 503", pingTokenField);
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
        this.maxPending = maxPending;
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
        this.pingTokenField = pingTokenField;
    }

    public void setStoreTopic(String storeTopic) {
        this.storeTopic = storeTopic;
    }

    public void setPendingTopic(String pendingTopic) {
        this.pendingTopic = pendingTopic;
    }

    public void setFastInterval(String d) {
        plan.fastInterval = Settings.parseDuration(d);
    }

    public void setFastPhase(String d) {
        plan.fastPhase = Settings.parseDuration(d);
    }

    public void setSlowInterval(String d) {
        plan.slowInterval = Settings.parseDuration(d);
    }

    public void setTimeout(String d) {
        plan.timeout = Settings.parseDuration(d);
    }

    public void setFallbackInterval(String d) {
        plan.fallbackInterval = Settings.parseDuration(d);
    }

    public void setGiveUpAfter(String d) {
        plan.giveUpAfter = Settings.parseDuration(d);
    }
}
