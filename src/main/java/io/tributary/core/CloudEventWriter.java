package io.tributary.core;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.tributary.kafka.TopicProvisioner;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

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
    private final java.util.Map<String, String> topicByProvider = new java.util.concurrent.ConcurrentHashMap<>();

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
        return topicByProvider.computeIfAbsent(provider, p ->
                Settings.of(exchange.getContext()).string("tributary." + p + ".topic", "tributary.events." + p));
    }

    /**
     * Replaces the body (the events to publish) with their Kafka records, each carrying its own
     * key, topic and only the content-type header: nothing from the inbound request (signatures,
     * auth) may leak into Kafka headers. The Kafka producer sends them as one batch.
     */
    @SuppressWarnings("unchecked")
    public void toRecords(Exchange exchange) {
        List<Message> records = new ArrayList<>();
        for (CanonicalEvent e : (List<CanonicalEvent>) exchange.getMessage().getBody(List.class)) {
            String topic = topicFor(exchange, e.provider());
            topics.ensureEventTopic(topic);
            Message m = new DefaultMessage(exchange.getContext());
            m.setBody(serialize(e));
            m.setHeader(KafkaConstants.KEY, e.partitionKey());
            m.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
            m.setHeader("content-type", CONTENT_TYPE);
            records.add(m);
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setBody(records);
    }
}
