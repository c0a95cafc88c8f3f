package io.tributary.core;

import java.net.URI;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.tributary.kafka.TopicProvisioner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * Turns a {@link CanonicalEvent} into a Kafka record in CloudEvents 1.0 structured mode (Kafka
 * protocol binding): the value is the JSON envelope, the {@code content-type} header says so, and
 * the key is the partition key. The topic is {@code tributary.events.<provider>} unless
 * {@code tributary.<provider>.topic} overrides it.
 */
public final class CloudEventWriter {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private final JsonFormat format = new JsonFormat();
    private final TopicProvisioner topics;

    public CloudEventWriter(TopicProvisioner topics) {
        this.topics = topics;
    }

    public CloudEvent toCloudEvent(CanonicalEvent e) {
        CloudEventBuilder b = CloudEventBuilder.v1()
                .withId(e.id())
                .withSource(URI.create(e.source()))
                .withType(e.type())
                .withDataContentType("application/json")
                .withData(e.data())
                .withExtension("provider", e.provider())
                .withExtension("channel", e.channel().id())
                .withExtension("partitionkey", e.partitionKey());
        if (e.subject() != null && !e.subject().isBlank()) {
            b.withSubject(e.subject());
        }
        if (e.time() != null) {
            b.withTime(e.time());
        }
        return b.build();
    }

    public byte[] serialize(CanonicalEvent e) {
        return format.serialize(toCloudEvent(e));
    }

    public String topicFor(Exchange exchange, String provider) {
        return Settings.of(exchange.getContext()).string("tributary." + provider + ".topic", "tributary.events." + provider);
    }

    /** Replaces the message with the Kafka record: body, key, topic and only the content-type header. */
    public void toRecord(Exchange exchange) {
        CanonicalEvent e = exchange.getMessage().getBody(CanonicalEvent.class);
        String topic = topicFor(exchange, e.provider());
        topics.ensureEventTopic(topic);
        Message m = exchange.getMessage();
        // Nothing from the inbound request (signatures, auth) may leak into Kafka headers.
        m.getHeaders().clear();
        m.setBody(serialize(e));
        m.setHeader(KafkaConstants.KEY, e.partitionKey());
        m.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        m.setHeader("content-type", CONTENT_TYPE);
        exchange.setProperty("tributaryEvent", e);
    }
}
