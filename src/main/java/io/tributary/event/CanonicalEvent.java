package io.tributary.event;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * One real-world event, as a normaliser understood it. The id is the provider's own event id,
 * identical whichever channel brought it, so {@link #dedupeKey()} dedupes across channels.
 *
 * @param data the provider's notification, as JSON bytes, unchanged
 */
public record CanonicalEvent(String provider, String id, String source, String type, String subject,
                             OffsetDateTime time, byte[] data, Channel channel) {

    public CanonicalEvent {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("event id is missing");
        }
    }

    public String dedupeKey() {
        return provider + ":" + id;
    }

    /** Kafka key and {@code partitionkey}: the subject, so events about one entity stay in order. */
    public String partitionKey() {
        return subject == null || subject.isBlank() ? id : subject;
    }
}
