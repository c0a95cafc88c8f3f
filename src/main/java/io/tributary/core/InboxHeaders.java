package io.tributary.core;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The headers of an inbox record. The edge writes them; the core reads them and publishes only
 * the key, the value and {@link #CONTENT_TYPE} (in binary mode: the {@code ce_*} headers and the
 * data's content type), so none of them reaches a consumer.
 */
public final class InboxHeaders {

    /** Kept on the published record: CloudEvents' Kafka binding in structured mode. */
    public static final String CONTENT_TYPE = "content-type";
    /** {@code <provider>:<provider's event id>}, the key of the dedupe store. */
    public static final String DEDUPE_KEY = "tributary-dedupe-key";
    /** Where the first copy is published: {@code tributary.events.<provider>} or the provider's override. */
    public static final String TOPIC = "tributary-topic";
    public static final String PROVIDER = "tributary-provider";
    public static final String CHANNEL = "tributary-channel";
    /**
     * {@code binary} when the provider's consumers want CloudEvents' binary content mode: the inbox
     * keeps one format (structured), and the core turns the published copy into binary mode.
     */
    public static final String CONTENT_MODE = "tributary-content-mode";
    /** Set by the core on what it dead-letters. */
    public static final String ERROR = "tributary-error";

    private InboxHeaders() {
    }

    public static String get(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
