package io.tributary.deadletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.tributary.config.Props;
import io.tributary.event.Batch;
import io.tributary.event.DeadLetter;
import io.tributary.metrics.TributaryMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Builds the dead-letter records: the original bytes as the value, and the provider, channel,
 * error and receipt time as headers; the route sends them to {@code tributary.kafka.deadletter-topic}.
 * Nothing that fails normalisation is dropped.
 */
public final class DeadLetters {

    /** Local to the dead-letter route, which runs on its own copy of the exchange (enrich). */
    private static final String COUNT = "tributaryDeadLetterCount";
    /** Set by {@code redrive} on what it dead-letters again: how many redrives failed, and the record it came from. */
    public static final String REDRIVE_COUNT = "tributaryRedriveCount";
    public static final String REDRIVEN_FROM = "tributaryRedrivenFrom";
    /** A request header the mapping saw is kept as {@code tributary-header-<name>}, for redrive. */
    public static final String HEADER_PREFIX = "tributary-header-";

    private final TributaryMetrics metrics;

    public DeadLetters(TributaryMetrics metrics) {
        this.metrics = metrics;
    }

    /** Body: the {@link Batch}'s dead letters as Kafka records, sent as one batch. */
    public void toRecords(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        String channel = exchange.getProperty(Props.CHANNEL, "unknown", String.class);
        String now = Instant.now().toString();
        String receivedAt = receivedAt(exchange.getProperty(Props.RECEIVED_AT), now);
        Map<String, String> requestHeaders = RedriveHeaders.kept(exchange);
        List<Message> records = new ArrayList<>();
        List<DeadLetter> deadLetters = exchange.getMessage().getBody(Batch.class).deadLetters();
        exchange.setProperty(COUNT, deadLetters.size());
        for (DeadLetter d : deadLetters) {
            Message m = new DefaultMessage(exchange.getContext());
            m.setBody(d.raw() == null ? new byte[0] : d.raw());
            m.setHeader(KafkaConstants.KEY, provider);
            m.setHeader("tributary-provider", provider);
            m.setHeader("tributary-channel", channel);
            m.setHeader("tributary-error", d.error());
            m.setHeader("tributary-received-at", d.receivedAt() != null ? d.receivedAt().toString() : receivedAt);
            m.setHeader("tributary-dead-lettered-at", now);
            // Every way into direct:ingest is behind the signature check (webhooks, spooled webhooks) or is
            // the provider's own API answer (polls): redrive does not verify again.
            m.setHeader("tributary-verified", "true");
            requestHeaders.forEach((k, v) -> m.setHeader(HEADER_PREFIX + k, v));
            Object redrives = exchange.getProperty(REDRIVE_COUNT);
            if (redrives != null) {
                m.setHeader("tributary-redrive-count", redrives.toString());
                m.setHeader("tributary-redriven-from", exchange.getProperty(REDRIVEN_FROM, String.class));
            }
            records.add(m);
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(records);
    }

    /**
     * Body: the message's bytes as one dead letter, with the error caught; for an error handler
     * (a consumer's record that cannot be read) before {@code direct:deadletter}.
     */
    public void caught(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        exchange.getMessage().setBody(Batch.poison(new DeadLetter(exchange.getMessage().getBody(byte[].class),
                e == null ? "unknown error" : e.getMessage(), Instant.now())));
    }

    /** When the delivery was received: the webhook's time, a page's first item's, else now. */
    private static String receivedAt(Object property, String now) {
        Object at = property instanceof List<?> perItem && !perItem.isEmpty() ? perItem.get(0) : property;
        return at instanceof Instant i ? i.toString() : now;
    }

    public void recorded(Exchange exchange) {
        metrics.deadLettered(exchange, exchange.getProperty(COUNT, 0, Integer.class));
    }
}
