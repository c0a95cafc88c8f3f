package io.tributary.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    private final TributaryMetrics metrics;

    public DeadLetters(TributaryMetrics metrics) {
        this.metrics = metrics;
    }

    /** Body: the {@link Batch}'s dead letters as Kafka records, sent as one batch. */
    public void toRecords(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        String channel = exchange.getProperty(Props.CHANNEL, "unknown", String.class);
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
            m.setHeader("tributary-received-at", (d.receivedAt() != null ? d.receivedAt() : java.time.Instant.now()).toString());
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

    public void recorded(Exchange exchange) {
        metrics.deadLettered(exchange, exchange.getProperty(COUNT, 0, Integer.class));
    }
}
