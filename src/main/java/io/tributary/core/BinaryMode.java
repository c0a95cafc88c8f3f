package io.tributary.core;

import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Record;

/**
 * CloudEvents' Kafka protocol binding in binary mode, made from the structured record the inbox
 * holds: each attribute a {@code ce_<name>} header, {@code content-type} the data's own
 * ({@code datacontenttype}), the value the data itself. The CloudEvents SDK writes it, as it
 * wrote the structured envelope; the key stays the partition key.
 */
final class BinaryMode {

    private static final JsonFormat FORMAT = new JsonFormat();

    private BinaryMode() {
    }

    /** @param structured a published record: the JSON envelope as value, {@code content-type} and the topic header */
    static Record<String, byte[]> of(Record<String, byte[]> structured) {
        CloudEvent event = FORMAT.deserialize(structured.value());
        ProducerRecord<String, byte[]> binary = KafkaMessageFactory.<String>createWriter("unused", structured.key()).writeBinary(event);
        Headers headers = structured.headers();
        headers.remove(InboxHeaders.CONTENT_TYPE);
        for (Header h : binary.headers()) {
            headers.add(h);
        }
        return structured.withValue(binary.value()).withHeaders(headers);
    }
}
