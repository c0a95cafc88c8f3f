package io.tributary.event;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.tributary.config.Props;
import io.tributary.kafka.KafkaSettings;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The shared normalise step of the ingest route. The body is one raw delivery ({@code byte[]}) or
 * a polled page ({@code List<byte[]>}; {@link ParsedItems} when the poller hands on the parsed trees
 * too); each item is normalised by the provider's {@link Normalizer}, found in the registry by its
 * provider id, so adding a provider needs no change here. The body becomes a {@link Batch}: the
 * events, and a {@link DeadLetter} per item that failed.
 *
 * <p>An item larger than one Kafka record may be (the webhook body limit, which sizes the inbox
 * producer's requests) would fail its whole page at the inbox write, at every retry: it is
 * dead-lettered as {@code too-large} with its id and size, holding its first {@value #KEPT_BYTES}
 * bytes, and the page goes on. The same cut applies to any dead letter over the limit.
 */
public final class NormalizeStep implements Processor {

    static final int KEPT_BYTES = 64 * 1024;

    private final Map<String, Normalizer> byProvider = new ConcurrentHashMap<>();
    private final Clock clock;

    public NormalizeStep() {
        this(Clock.systemUTC());
    }

    /** {@code clock} times the events that carry no time of their own and no time of receipt. */
    public NormalizeStep(Clock clock) {
        this.clock = clock;
    }
    private volatile int maxItemBytes;

    /** The ingest route's step, a processor resolved once (no bean method lookup per delivery or page). */
    @Override
    public void process(Exchange exchange) {
        normalize(exchange);
    }

    @SuppressWarnings("unchecked")
    public void normalize(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        Channel channel = Channel.of(exchange.getProperty(Props.CHANNEL, String.class));
        Object body = exchange.getMessage().getBody();
        List<byte[]> items = body instanceof List<?> list ? (List<byte[]>) list : List.of(exchange.getMessage().getBody(byte[].class));
        ParsedItems parsed = items instanceof ParsedItems p ? p : null; // a polled page: its items already parsed once
        Normalizer normalizer = normalizer(exchange, provider);
        Map<String, String> headers = body instanceof List<?> || channel != Channel.WEBHOOK ? Map.of() : requestHeaders(exchange);
        List<CanonicalEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        Object receivedAt = exchange.getProperty(Props.RECEIVED_AT);
        Instant now = clock.instant();
        int limit = maxItemBytes(exchange);
        for (int i = 0; i < items.size(); i++) {
            byte[] raw = items.get(i);
            Instant itemReceivedAt = receivedAt(receivedAt, i, now);
            try {
                Batch batch = parsed != null ? normalizer.normalizeEach(raw, parsed.tree(i), channel, headers)
                        : normalizer.normalizeEach(raw, channel, headers);
                batch.deadLetters().forEach(d -> dead.add(cut(d.raw(), d.error(), limit).receivedAt(itemReceivedAt)));
                List<CanonicalEvent> normalized = new ArrayList<>();
                for (CanonicalEvent e : batch.events()) {
                    try {
                        normalized.add(checked(e));
                    } catch (UnprocessableEventException bad) {
                        dead.add(cut(e.data() != null ? e.data() : raw, bad.getMessage(), limit).receivedAt(itemReceivedAt));
                    }
                }
                if (raw.length > limit) {
                    String ids = normalized.stream().map(CanonicalEvent::id).toList().toString();
                    dead.add(cut(raw, "too-large: item " + ids + " is " + raw.length + " bytes, over the " + limit
                            + "-byte limit of one Kafka record", limit).receivedAt(itemReceivedAt));
                    continue;
                }
                normalized.forEach(e -> events.add(timed(e, itemReceivedAt)));
            } catch (RuntimeException e) {
                dead.add(cut(raw, e.getClass().getSimpleName() + ": " + e.getMessage(), limit).receivedAt(itemReceivedAt));
            }
        }
        exchange.getMessage().setBody(new Batch(events, dead));
    }

    /** A dead letter over the limit keeps the item's first {@link #KEPT_BYTES} bytes, and says so. */
    private static DeadLetter cut(byte[] raw, String error, int limit) {
        if (raw.length <= limit) {
            return new DeadLetter(raw, error);
        }
        return new DeadLetter(Arrays.copyOf(raw, KEPT_BYTES), error + "; the dead letter holds its first " + KEPT_BYTES + " bytes");
    }

    /** The largest item that fits in one inbox record next to its CloudEvent envelope. */
    private int maxItemBytes(Exchange exchange) {
        if (maxItemBytes == 0) {
            KafkaSettings kafka = exchange.getContext().getRegistry().lookupByNameAndType("kafkaSettings", KafkaSettings.class);
            maxItemBytes = kafka == null ? Integer.MAX_VALUE : kafka.maxRecordBytes() - KafkaSettings.ENVELOPE_HEADROOM;
        }
        return maxItemBytes;
    }

    /** A webhook's request headers, still on the message while its delivery is ingested directly. */
    private static Map<String, String> requestHeaders(Exchange exchange) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getMessage().getHeaders().forEach((k, v) -> {
            if (v instanceof String s) {
                headers.put(k, s);
            }
        });
        return headers;
    }

    /**
     * Fails here, inside the dead-letter try, what would otherwise fail only when the CloudEvent is
     * serialised (at the inbox write): a provider-controlled source that is not a URI reference
     * would then be answered 503 on every retry instead of being dead-lettered once.
     */
    private static CanonicalEvent checked(CanonicalEvent e) {
        try {
            URI.create(e.source());
        } catch (IllegalArgumentException bad) {
            throw new UnprocessableEventException("source '" + e.source() + "' is not a URI reference");
        }
        return e;
    }

    /** Every event carries {@code time}: the provider's, or else when Tributary received it. */
    private static CanonicalEvent timed(CanonicalEvent e, Instant receivedAt) {
        return e.time() != null ? e : new CanonicalEvent(e.provider(), e.id(), e.source(), e.type(),
                e.subject(), OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC), e.data(), e.channel());
    }

    private static Instant receivedAt(Object property, int item, Instant now) {
        if (property instanceof List<?> perItem && item < perItem.size() && perItem.get(item) instanceof Instant at) {
            return at;
        }
        return property instanceof Instant at ? at : now;
    }

    private Normalizer normalizer(Exchange exchange, String provider) {
        return byProvider.computeIfAbsent(provider, p -> exchange.getContext().getRegistry()
                .findByType(Normalizer.class).stream()
                .filter(n -> n.provider().equals(p))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Normalizer bean for provider '" + p
                        + "': declare one in routes/" + p + ".camel.yaml")));
    }
}
