package io.tributary.mapping;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

import io.tributary.event.Batch;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.DeadLetter;
import io.tributary.event.Json;
import io.tributary.event.UnprocessableEventException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.support.DefaultExchange;

/**
 * An {@link EventMapping} once its attributes compiled: turns one delivery into events. Each item
 * (the delivery, or each element {@code split} selects) is evaluated on its own exchange whose body
 * is the parsed JSON and whose headers are the webhook's.
 */
final class CompiledMapping {

    private final String provider;
    private final Map<String, MappedValue> values;
    private final Expression splitter;
    private final String split;
    private final boolean emptyOk;
    private final CamelContext context;

    CompiledMapping(String provider, Map<String, MappedValue> values, Expression splitter, String split, boolean emptyOk, CamelContext context) {
        this.emptyOk = emptyOk;
        this.provider = provider;
        this.values = values;
        this.splitter = splitter;
        this.split = split;
        this.context = context;
    }

    List<CanonicalEvent> events(byte[] raw, Channel channel, Map<String, String> headers) {
        List<CanonicalEvent> events = new ArrayList<>();
        for (Object item : items(parse(raw), headers)) {
            events.add(event(raw, item, channel, headers));
        }
        return events;
    }

    /**
     * Each item on its own: an item that cannot be mapped is a dead letter of its own bytes, and an
     * event whose type {@code wanted} refuses is left out and reported to {@code dropped}.
     * @throws UnprocessableEventException when the delivery itself is not JSON or has no items
     */
    Batch each(byte[] raw, Channel channel, Map<String, String> headers, Predicate<String> wanted, Runnable dropped) {
        return each(raw, parse(raw), channel, headers, wanted, dropped);
    }

    /** The same, with {@code raw} already parsed into {@code doc} (a polled item, read from its page's tree). */
    Batch each(byte[] raw, Object doc, Channel channel, Map<String, String> headers, Predicate<String> wanted, Runnable dropped) {
        List<CanonicalEvent> events = new ArrayList<>();
        List<DeadLetter> dead = new ArrayList<>();
        for (Object item : items(doc, headers)) {
            try {
                CanonicalEvent e = event(raw, item, channel, headers);
                if (wanted.test(e.type())) {
                    events.add(e);
                } else {
                    dropped.run();
                }
            } catch (UnprocessableEventException e) {
                dead.add(new DeadLetter(splitter == null ? raw : bytes(item), e.getMessage()));
            }
        }
        return new Batch(events, dead);
    }

    private CanonicalEvent event(byte[] raw, Object item, Channel channel, Map<String, String> headers) {
        Exchange x = exchange(item, headers);
        return new CanonicalEvent(provider, values.get("id").evaluate(x), values.get("source").evaluate(x),
                values.get("type").evaluate(x), optional("subject", x), time(optional("time", x)),
                splitter == null ? raw : bytes(item), channel);
    }

    /** Evaluates every declared attribute of every item, optional ones too; reports the first that yields nothing. */
    void requireAll(byte[] raw, Map<String, String> headers, BiConsumer<String, UnprocessableEventException> nothing) {
        for (Object item : items(parse(raw), headers)) {
            for (Map.Entry<String, MappedValue> e : values.entrySet()) {
                try {
                    e.getValue().evaluate(exchange(item, headers));
                } catch (UnprocessableEventException none) {
                    nothing.accept(e.getKey(), none);
                    return;
                }
            }
        }
    }

    private static Object parse(byte[] raw) {
        try {
            return Json.MAPPER.readValue(raw, Object.class);
        } catch (IOException e) {
            throw new UnprocessableEventException("not JSON");
        }
    }

    /** The delivery itself, or the elements {@code split} selects. */
    private List<Object> items(Object doc, Map<String, String> headers) {
        if (splitter == null) {
            return List.of(doc);
        }
        Object list;
        try {
            list = splitter.evaluate(exchange(doc, headers), Object.class);
        } catch (RuntimeException e) {
            throw new UnprocessableEventException("split " + split + " yields nothing");
        }
        if (list instanceof List<?> l) {
            if (l.isEmpty() && !emptyOk) { // a provider that sends empty batches on purpose says so (emptyItems: ok)
                throw new UnprocessableEventException("split " + split + " yields no item");
            }
            return new ArrayList<>(l);
        }
        if (list instanceof Map<?, ?>) {
            return List.of(list);
        }
        throw new UnprocessableEventException("split " + split + " yields no list of objects");
    }

    private Exchange exchange(Object body, Map<String, String> headers) {
        Exchange x = new DefaultExchange(context);
        headers.forEach(x.getMessage()::setHeader);
        x.getMessage().setBody(body);
        return x;
    }

    private String optional(String attribute, Exchange x) {
        MappedValue value = values.get(attribute);
        if (value == null) {
            return null;
        }
        try {
            return value.evaluate(x);
        } catch (UnprocessableEventException nothing) {
            return null; // optional: no subject, or the time received
        }
    }

    private static OffsetDateTime time(String text) {
        try {
            if (text == null) {
                return null;
            }
            OffsetDateTime common = Rfc3339.parse(text);
            return common != null ? common : OffsetDateTime.parse(text);
        } catch (DateTimeException e) { // the JDK's parse error, or a field out of range in the common shape
            throw new UnprocessableEventException("time '" + text + "' is not RFC 3339 (epoch-seconds or epoch-millis convert numbers)");
        }
    }

    private static byte[] bytes(Object item) {
        try {
            return Json.MAPPER.writeValueAsBytes(item);
        } catch (IOException e) {
            throw new UnprocessableEventException("an element cannot be written back as JSON");
        }
    }
}
