package io.tributary.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Forwards the first copy of each event and drops the others. Runs inside the task's
 * exactly-once transaction, so the output record, the store update and the inbox offset commit
 * together: a crash can neither lose the event nor publish it twice.
 *
 * <p>Why two key-value stores and not a window store: a window store expires by stream time
 * (record timestamps), so a quiet provider never purges, and one record stamped in the future
 * purges everything. A plain key-value store never forgets. So {@code seen} maps the dedupe key
 * to the wall-clock time it was first seen, and {@code expiry} indexes the same keys by that
 * time (big-endian millis + key, so byte order is time order); a wall-clock punctuator deletes
 * from both what is older than the retention.
 */
final class DedupeProcessor implements Processor<String, byte[], String, byte[]> {

    private static final byte[] PRESENT = {1};
    /** Deletions per punctuation: a large backlog is purged over several, never stalling the task. */
    private static final int PURGE_BATCH = 10_000;

    private final Duration retention;
    private final Duration purgeInterval;
    private final String deadLetterTopic;
    private final CoreListener listener;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, byte[]> seen;
    private KeyValueStore<Bytes, byte[]> expiry;

    DedupeProcessor(Duration retention, Duration purgeInterval, String deadLetterTopic, CoreListener listener) {
        this.retention = retention;
        this.purgeInterval = purgeInterval;
        this.deadLetterTopic = deadLetterTopic;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(DedupeTopology.SEEN_STORE);
        this.expiry = context.getStateStore(DedupeTopology.EXPIRY_STORE);
        context.schedule(purgeInterval, PunctuationType.WALL_CLOCK_TIME, this::purge);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        Headers in = record.headers();
        String key = InboxHeaders.get(in, InboxHeaders.DEDUPE_KEY);
        String topic = InboxHeaders.get(in, InboxHeaders.TOPIC);
        String provider = InboxHeaders.get(in, InboxHeaders.PROVIDER);
        String channel = InboxHeaders.get(in, InboxHeaders.CHANNEL);
        if (key == null || topic == null || record.value() == null) {
            deadLetter(record, "inbox record without " + (key == null ? "dedupe key" : topic == null ? "topic" : "value"));
            listener.deadLettered(provider, channel);
            return;
        }
        Bytes id = Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
        if (seen.get(id) != null) {
            listener.duplicate(provider, channel);
            return;
        }
        long now = context.currentSystemTimeMs();
        seen.put(id, ByteBuffer.allocate(Long.BYTES).putLong(now).array());
        expiry.put(expiryKey(now, id.get()), PRESENT);
        Headers out = new RecordHeaders();
        if (in.lastHeader(InboxHeaders.CONTENT_TYPE) != null) {
            out.add(in.lastHeader(InboxHeaders.CONTENT_TYPE));
        }
        out.add(InboxHeaders.TOPIC, InboxHeaders.bytes(topic)); // read and removed by the sink's topic extractor
        context.forward(record.withHeaders(out));
        listener.published(provider, channel, Math.max(0, now - record.timestamp()));
    }

    private void deadLetter(Record<String, byte[]> record, String error) {
        Headers out = new RecordHeaders(record.headers().toArray());
        out.remove(InboxHeaders.TOPIC);
        out.add(InboxHeaders.ERROR, InboxHeaders.bytes(error));
        out.add(InboxHeaders.TOPIC, InboxHeaders.bytes(deadLetterTopic));
        context.forward(record.withHeaders(out));
    }

    private void purge(long now) {
        long cutoff = now - retention.toMillis();
        int purged = 0;
        try (KeyValueIterator<Bytes, byte[]> it = expiry.all()) {
            while (it.hasNext() && purged < PURGE_BATCH) {
                KeyValue<Bytes, byte[]> entry = it.next();
                ByteBuffer b = ByteBuffer.wrap(entry.key.get());
                if (b.getLong() > cutoff) {
                    break; // ordered by time: the rest is younger
                }
                byte[] id = new byte[b.remaining()];
                b.get(id);
                seen.delete(Bytes.wrap(id));
                expiry.delete(entry.key);
                purged++;
            }
        }
    }

    static Bytes expiryKey(long millis, byte[] id) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(millis).put(id).array());
    }
}
