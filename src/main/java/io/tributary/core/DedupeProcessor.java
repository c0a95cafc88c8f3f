package io.tributary.core;

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
 * <p>Why a key-value store swept by the clock and not a window store: a window store expires by
 * stream time (record timestamps), so a quiet provider never purges, and one record stamped in
 * the future purges everything; a plain key-value store never forgets. So the store maps each
 * dedupe key to the wall-clock time it was first seen, and a wall-clock punctuator sweeps it a
 * bounded slice at a time, deleting what is older than the retention. One store (not a second,
 * time-ordered index) keeps it to one changelog record per new event: the core's throughput is
 * bound by what it writes to Kafka. The price: a key can outlive the retention by one full sweep
 * ({@code store size / SWEEP_BATCH} purge intervals, e.g. 100 minutes for a million keys).
 */
final class DedupeProcessor implements Processor<String, byte[], String, byte[]> {

    /** Keys examined per punctuation: a large store is swept over several, never stalling the task. */
    static final int SWEEP_BATCH = 10_000;
    private final int sweepBatch;

    private final Duration retention;
    private final Duration purgeInterval;
    private final String deadLetterTopic;
    private final CoreListener listener;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Bytes, byte[]> seen;
    /** Where the next sweep resumes (null: from the start); kept in memory, a restart sweeps anew. */
    private Bytes sweepFrom;

    DedupeProcessor(Duration retention, Duration purgeInterval, int sweepBatch, String deadLetterTopic, CoreListener listener) {
        this.sweepBatch = sweepBatch;
        this.retention = retention;
        this.purgeInterval = purgeInterval;
        this.deadLetterTopic = deadLetterTopic;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.seen = context.getStateStore(DedupeTopology.SEEN_STORE);
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
        Headers out = new RecordHeaders();
        if (in.lastHeader(InboxHeaders.CONTENT_TYPE) != null) {
            out.add(in.lastHeader(InboxHeaders.CONTENT_TYPE));
        }
        out.add(InboxHeaders.TOPIC, InboxHeaders.bytes(topic)); // read and removed by the sink's topic extractor
        Record<String, byte[]> published = record.withHeaders(out);
        if ("binary".equals(InboxHeaders.get(in, InboxHeaders.CONTENT_MODE))) {
            // Only the published copy changes: the inbox, the dedupe and the transaction are the same in both modes.
            try {
                published = BinaryMode.of(published);
            } catch (RuntimeException e) { // not a CloudEvent: never retried forever, never marked seen
                deadLetter(record, "binary content mode: " + e.getMessage());
                listener.deadLettered(provider, channel);
                return;
            }
        }
        long now = context.currentSystemTimeMs();
        seen.put(id, ByteBuffer.allocate(Long.BYTES).putLong(now).array());
        context.forward(published);
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
        int examined = 0;
        Bytes last = null;
        try (KeyValueIterator<Bytes, byte[]> it = seen.range(sweepFrom, null)) {
            while (it.hasNext() && examined < sweepBatch) {
                KeyValue<Bytes, byte[]> entry = it.next();
                last = entry.key;
                examined++;
                if (ByteBuffer.wrap(entry.value).getLong() <= cutoff) {
                    seen.delete(entry.key);
                }
            }
            // Resume after the last key examined next time, or start over once the end was reached.
            sweepFrom = it.hasNext() && last != null ? Bytes.increment(last) : null;
        }
    }
}
