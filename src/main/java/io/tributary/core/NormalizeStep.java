package io.tributary.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;

/**
 * The shared normalise step of the ingest route: finds the provider's {@link Normalizer} in the
 * registry by its provider id, so adding a provider needs no change here.
 */
public final class NormalizeStep {

    private final Map<String, Normalizer> byProvider = new ConcurrentHashMap<>();

    public void normalize(Exchange exchange) {
        String provider = exchange.getProperty(Props.PROVIDER, String.class);
        Channel channel = Channel.of(exchange.getProperty(Props.CHANNEL, String.class));
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        exchange.setProperty(Props.RAW, raw);
        Normalizer normalizer = normalizer(exchange, provider);
        List<CanonicalEvent> events;
        try {
            events = normalizer.normalize(raw, channel);
        } catch (UnprocessableEventException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnprocessableEventException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        exchange.getMessage().setBody(events);
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
