package io.tributary.providers.zenoo;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import io.tributary.config.Props;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.event.UnprocessableEventException;
import io.tributary.providers.zenoo.PendingTokens.Pending;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How tokens join and leave the pending set: from the pending topic, from a ping (a webhook that
 * carries a pull token), and a completed verification's webhook that makes the pull moot. Any
 * replica registers (the store topic is shared); only the elected one pulls.
 */
final class ZenooRegistrations {

    private static final Logger LOG = LoggerFactory.getLogger(ZenooRegistrations.class);

    private final PendingTokens tokens;
    int maxPending = 10_000;
    String pingTokenField = "pull_token";
    private volatile boolean full;

    ZenooRegistrations(PendingTokens tokens) {
        this.tokens = tokens;
    }

    /** A record that is not {@code {pull_token, ...}} throws {@link UnprocessableEventException}: it is dead-lettered. */
    void fromPendingTopic(Exchange exchange) {
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null) {
            throw new UnprocessableEventException("a pending verification without a value");
        }
        JsonNode n = Json.read(raw);
        String token = n.path("pull_token").asText("");
        if (token.isBlank()) {
            throw new UnprocessableEventException("a pending verification without pull_token");
        }
        if (!register(token, n.path("external_reference").asText(null))) {
            // Refused, not retried: retrying at once would spin the consumer while the set is full.
            exchange.getContext().getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class)
                    .counter("tributary.zenoo.pending.refused", "zenoo").increment();
        }
    }

    boolean isPing(Exchange exchange) throws IOException {
        return !Json.MAPPER.readTree(exchange.getProperty(Props.RAW, byte[].class)).path(pingTokenField).asText("").isBlank();
    }

    void ping(Exchange exchange) throws IOException {
        JsonNode n = Json.MAPPER.readTree(exchange.getProperty(Props.RAW, byte[].class));
        String ref = n.path("external_reference").asText(n.path("callback_reference").asText(null));
        if (!register(n.path(pingTokenField).asText(), ref)) {
            throw new IllegalStateException("too many pending Zenoo tokens"); // answered 503
        }
    }

    void webhookArrived(Exchange exchange) throws IOException {
        JsonNode n = Json.MAPPER.readTree(exchange.getProperty(Props.RAW, byte[].class));
        String ref = n.path("callback_reference").asText("");
        if (ZenooNormalizer.COMPLETED.equals(n.path("event_type").asText()) && !ref.isBlank() && tokens.started()) {
            tokens.all().stream().filter(p -> ref.equals(p.externalReference())).toList().forEach(p -> tokens.forget(p.token()));
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
}
