package io.tributary.core;

import java.time.Instant;

import io.tributary.kafka.KafkaSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Builds the dead-letter record: the original bytes as the value, and the provider, channel and
 * error as headers, on {@code tributary.deadletter}. Nothing that fails normalisation is dropped.
 */
public final class DeadLetters {

    private final KafkaSettings kafka;
    private final TributaryMetrics metrics;

    public DeadLetters(KafkaSettings kafka, TributaryMetrics metrics) {
        this.kafka = kafka;
        this.metrics = metrics;
    }

    public void toRecord(Exchange exchange) {
        Exception error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String provider = exchange.getProperty(Props.PROVIDER, "unknown", String.class);
        byte[] raw = exchange.getProperty(Props.RAW, byte[].class);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setBody(raw == null ? new byte[0] : raw);
        m.setHeader(KafkaConstants.KEY, provider);
        m.setHeader(KafkaConstants.OVERRIDE_TOPIC, kafka.deadLetterTopic());
        m.setHeader("tributary-provider", provider);
        m.setHeader("tributary-channel", exchange.getProperty(Props.CHANNEL, "unknown", String.class));
        m.setHeader("tributary-error", error == null ? "unknown" : error.getMessage());
        m.setHeader("tributary-received-at", Instant.now().toString());
        exchange.setProperty(Props.DEADLETTERED, true);
    }

    public void recorded(Exchange exchange) {
        metrics.deadLettered(exchange);
    }
}
