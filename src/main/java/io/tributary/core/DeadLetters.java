package io.tributary.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tributary.kafka.KafkaSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Builds the dead-letter records: the original bytes as the value, and the provider, channel and
 * error as headers, on {@code tributary.deadletter}. Nothing that fails normalisation is dropped.
 */
public final class DeadLetters {

    private final KafkaSettings kafka;
    private final TributaryMetrics metrics;

    public DeadLetters(KafkaSettings kafka, TributaryMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    /** Body: the {@link Props#DEAD_LETTERS} as Kafka records, sent as one batch. */
    @SuppressWarnings("unchecked")
    public void toRecords(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        String channel = exchange.getProperty(Props.CHANNEL, "unknown", String.class);
        String now = Instant.now().toString();
        List<Message> records = new ArrayList<>();
        for (DeadLetter d : (List<DeadLetter>) exchange.getProperty(Props.DEAD_LETTERS, List.class)) {
            Message m = new DefaultMessage(exchange.getContext());
            m.setBody(d.raw() == null ? new byte[0] : d.raw());
            m.setHeader(KafkaConstants.KEY, provider);
            m.setHeader(KafkaConstants.OVERRIDE_TOPIC, kafka.deadLetterTopic());
            m.setHeader("tributary-provider", provider);
            m.setHeader("tributary-channel", channel);
            m.setHeader("tributary-error", d.error());
            m.setHeader("tributary-received-at", now);
            records.add(m);
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(records);
    }

    @SuppressWarnings("unchecked")
    public void recorded(Exchange exchange) {
        metrics.deadLettered(exchange, exchange.getProperty(Props.DEAD_LETTERS, List.class).size());
    }
}
