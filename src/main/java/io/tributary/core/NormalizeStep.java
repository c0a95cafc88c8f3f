package io.tributary.core;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;

/**
 * The shared normalise step of the ingest route. The body is one raw delivery ({@code byte[]}) or
 * a polled page ({@code List<byte[]>}); each item is normalised by the provider's
 * {@link Normalizer}, found in the registry by its provider id, so adding a provider needs no
 * change here. The body becomes a {@link Batch}: the events, and a {@link DeadLetter} per item that failed.
 */
public final class NormalizeStep {

    private final Map<String, Normalizer> byProvider = new ConcurrentHashMap<>();
    private final Clock clock;

    public NormalizeStep() {
        this(Clock.systemUTC());
    }

    /** {@code clock} times the events that carry no time of their own and no time of receipt. */
    public NormalizeStep(Clock clock) {
        this.clock = clock;
    }

    @SuppressWarnings("unchecked")
    public void normalize(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        Channel channel = Channel.of(exchange.getProperty(Props.CHANNEL, String.class));
        Object body = exchange.getMessage().getBody();
        List<byte[]> items = body instanceof List<?> list ? (List<byte[]>) list : List.of(exchange.getMessage().getBody(byte[].class));
        Normalizer normalizer = normalizer(exchange, provider);
        Map<String, String> headers = body instanceof List<?> || channel != Channel.WEBHOOK ? Map.of() : requestHeaders(exchange);
        List<CanonicalEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        Object receivedAt = exchange.getProperty(Props.RECEIVED_AT);
        Instant now = clock.instant();
        for (int i = 0; i < items.size(); i++) {
            byte[] raw = items.get(i);
            Instant itemReceivedAt = receivedAt(receivedAt, i, now);
            try {
                Batch batch = normalizer.normalizeEach(raw, channel, headers);
                batch.deadLetters().forEach(d -> dead.add(d.receivedAt(itemReceivedAt)));
                for (CanonicalEvent e : batch.events()) {
                    try {
                        events.add(timed(checked(e), itemReceivedAt));
                    } catch (UnprocessableEventException bad) {
                        dead.add(new DeadLetter(e.data() != null ? e.data() : raw, bad.getMessage(), itemReceivedAt));
                    }
                }
            } catch (RuntimeException e) {
                dead.add(new DeadLetter(raw, e.getClass().getSimpleName() + ": " + e.getMessage(), itemReceivedAt));
            }
        }
        exchange.getMessage().setBody(new Batch(events, dead));
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
