package io.tributary.providers.zenoo;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.LoopHealth;
import io.tributary.core.Props;
import io.tributary.core.Settings;
import io.tributary.core.TributaryMetrics;
import io.tributary.kafka.KafkaSettings;
import io.tributary.kafka.TopicProvisioner;
import io.tributary.http.ApiClient;
import io.tributary.http.ApiException;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SETTLE = "zenooSettle";

    private String baseUrl = "https://instance.prod.onboardapp.io";
    private String apiKey;
    private String pingTokenField = "pull_token";
    private String storeTopic = "tributary.zenoo.tokens";
    private String pendingTopic = "tributary.zenoo.pending";
    private Duration fastInterval = Duration.ofSeconds(10);
    private Duration fastPhase = Duration.ofMinutes(2);
    private Duration slowInterval = Duration.ofSeconds(30);
    private Duration timeout = Duration.ofMinutes(10);
    private Duration fallbackInterval = Duration.ofMinutes(15);
    private Duration giveUpAfter = Duration.ofHours(24);
    private int maxPerTick = 50;
    private int maxPending = 10_000;
    private String fingerprintKey;
    private String webhookSecret;
    private volatile TokenFingerprint fingerprint;
    private volatile boolean full;
    private final ApiClient client = new ApiClient(Duration.ofSeconds(15));
    final PendingTokens tokens = new PendingTokens(this::fingerprint);

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
        JsonNode n = JSON.readTree(exchange.getMessage().getBody(String.class));
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
        return !JSON.readTree(exchange.getProperty(Props.RAW, byte[].class)).path(pingTokenField).asText("").isBlank();
    }

    public void ping(Exchange exchange) throws IOException {
        if (apiKey == null || apiKey.isBlank()) {
            throw new WebhookRejectedException(WebhookRejectedException.Reason.PULL_DISABLED, "a ping, but tributary.zenoo.api-key is not set");
        }
        start(exchange);
        JsonNode n = JSON.readTree(exchange.getProperty(Props.RAW, byte[].class));
        String ref = n.path("external_reference").asText(n.path("callback_reference").asText(null));
        if (!register(n.path(pingTokenField).asText(), ref)) {
            throw new IllegalStateException("too many pending Zenoo tokens"); // answered 503
        }
    }

    /** A {@code verification.completed} webhook won the race: stop pulling for its reference. */
    public void webhookArrived(Exchange exchange) throws IOException {
        JsonNode n = JSON.readTree(exchange.getProperty(Props.RAW, byte[].class));
        String ref = n.path("callback_reference").asText("");
        if (ZenooNormalizer.COMPLETED.equals(n.path("event_type").asText()) && !ref.isBlank() && tokens.started()) {
            tokens.all().stream().filter(p -> ref.equals(p.externalReference())).toList().forEach(p -> tokens.forget(p.token()));
        }
    }

    /** Checks the due tokens; the body becomes their outcomes, for direct:ingest. */
    public void tick(Exchange exchange) {
        start(exchange);
        Instant now = Instant.now();
        List<byte[]> outcomes = new ArrayList<>();
        List<Pending> settle = new ArrayList<>();
        int requests = 0;
        for (Pending p : tokens.all()) {
            if (requests >= maxPerTick) {
                break; // the rest are due on the next tick: one tick never calls every token in sequence
            }
            if (now.isBefore(tokens.nextCheck(p.token(), now))) {
                continue;
            }
            Duration age = Duration.between(p.registeredAt(), now);
            if (age.compareTo(giveUpAfter) >= 0) {
                LOG.info("Giving up a Zenoo pull token after {}", giveUpAfter);
                tokens.forget(p.token());
            } else if (!p.timedOut() && age.compareTo(timeout) >= 0) {
                outcomes.add(outcome("timed_out", p, null));
                settle.add(new Pending(p.token(), p.externalReference(), p.registeredAt(), true));
                tokens.checkAt(p.token(), now.plus(fallbackInterval));
            } else {
                requests++;
                pull(p, now, age, outcomes, settle);
            }
        }
        exchange.setProperty(SETTLE, settle);
        exchange.setProperty(Props.CHANNEL, "pull");
        exchange.getMessage().setBody(outcomes);
    }

    private void pull(Pending p, Instant now, Duration age, List<byte[]> outcomes, List<Pending> settle) {
        tokens.checkAt(p.token(), now.plus(p.timedOut() ? fallbackInterval : age.compareTo(fastPhase) < 0 ? fastInterval : slowInterval));
        try {
            HttpResponse<byte[]> r = client.send(client.request(baseUrl.replaceAll("/+$", "") + "/api/gateway/sharable-payload/"
                    + URLEncoder.encode(p.token(), StandardCharsets.UTF_8)).header("X-API-KEY", apiKey).GET().build());
            if (r.statusCode() == 200) {
                outcomes.add(outcome("result", p, withoutToken(JSON.readTree(r.body()), p.token())));
                settle.add(p);
            }
        } catch (ApiException e) {
            if (e.status() == 404) {
                outcomes.add(outcome("token_invalid", p, null));
                settle.add(p);
            } else {
                // By status only: the message holds the URL, whose path is the pull token.
                LOG.warn("Zenoo pull failed ({}), retrying on the plan", e.status() == 0 ? "no answer" : "HTTP " + e.status());
            }
        } catch (IOException e) {
            LOG.warn("Zenoo answered an unreadable result; retrying on the plan");
        }
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

    private byte[] outcome(String kind, Pending p, JsonNode payload) {
        ObjectNode o = JSON.createObjectNode().put("kind", kind).put("token_fingerprint", fingerprint(p.token()))
                .put("external_reference", p.externalReference());
        if (payload != null) {
            o.set("payload", payload);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Drops every field whose value is the token itself: a capability never travels in an event. */
    static JsonNode withoutToken(JsonNode node, String token) {
        if (node.isObject()) {
            List<String> drop = new ArrayList<>();
            node.fields().forEachRemaining(f -> {
                if (f.getValue().isTextual() && f.getValue().asText().equals(token)) {
                    drop.add(f.getKey());
                } else {
                    withoutToken(f.getValue(), token);
                }
            });
            ((ObjectNode) node).remove(drop);
        } else if (node.isArray()) {
            node.forEach(n -> withoutToken(n, token));
        }
        return node;
    }

    String fingerprint(String token) {
        TokenFingerprint f = fingerprint;
        if (f == null) {
            f = TokenFingerprint.of(fingerprintKey, apiKey);
            if (f == null) {
                return "(unkeyed)";
            }
            fingerprint = f;
        }
        return f.of(token);
    }

    /** Init method: says at start-up, not at the first ping, that pings cannot be served. */
    public void checkConfiguration() {
        if ((apiKey == null || apiKey.isBlank()) && webhookSecret != null && !webhookSecret.isBlank()) {
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
        this.baseUrl = baseUrl;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
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
        this.fastInterval = Settings.parseDuration(d);
    }

    public void setFastPhase(String d) {
        this.fastPhase = Settings.parseDuration(d);
    }

    public void setSlowInterval(String d) {
        this.slowInterval = Settings.parseDuration(d);
    }

    public void setTimeout(String d) {
        this.timeout = Settings.parseDuration(d);
    }

    public void setFallbackInterval(String d) {
        this.fallbackInterval = Settings.parseDuration(d);
    }

    public void setGiveUpAfter(String d) {
        this.giveUpAfter = Settings.parseDuration(d);
    }
}
