package io.tributary.mapping;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tributary.core.CanonicalEvent;
import io.tributary.core.Channel;
import io.tributary.core.Json;
import io.tributary.core.Normalizer;
import io.tributary.core.Settings;
import io.tributary.core.UnprocessableEventException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.StartupListener;
import org.apache.camel.support.DefaultExchange;

/**
 * A provider's normaliser written in its route file instead of Java. Each CloudEvent attribute is
 * a {@link MappedValue} (JSONPath or {@code simple} over the delivery, request headers, literals,
 * helpers); {@code id}, {@code type} and {@code source} are required, {@code subject} and
 * {@code time} optional (an event without time gets the time it was received). With
 * {@code split} (e.g. {@code jsonpath:$.messages[*]}) each element is one event, its attributes
 * evaluated on the element and its {@code data} the element; otherwise {@code data} is the
 * delivery byte for byte.
 * <p>
 * Checked when the Camel context starts (a listener it registers itself, so no route file can
 * forget it): a missing or uncompilable attribute stops the start with {@code file:line}; so does
 * an attribute that yields nothing on the provider's {@code fixture}, when the fixture is there
 * (a checkout; the catalog test checks it in CI).
 */
public class EventMapping implements Normalizer, CamelContextAware {

    private static final List<String> REQUIRED = List.of("id", "type", "source");

    private final Map<String, String> spec = new LinkedHashMap<>();
    private String provider;
    private String split;
    private String fixture;
    private CamelContext context;
    private volatile Map<String, MappedValue> values;
    private volatile Expression splitter;

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        return normalize(raw, channel, Map.of());
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel, Map<String, String> headers) {
        Map<String, MappedValue> v = compiled();
        List<CanonicalEvent> events = new ArrayList<>();
        for (Object item : items(parse(raw), headers)) {
            Exchange x = exchange(item, headers);
            events.add(new CanonicalEvent(provider, v.get("id").evaluate(x), v.get("source").evaluate(x), v.get("type").evaluate(x),
                    optional(v.get("subject"), x), time(optional(v.get("time"), x)), splitter == null ? raw : bytes(item), channel));
        }
        return events;
    }

    /** Compiles every attribute. @throws IllegalArgumentException with {@code file:line} */
    public void compile() {
        RouteFileLines lines = lines();
        if (provider == null || !provider.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException(lines.at("provider") + ": an EventMapping needs provider: <kebab-case id>");
        }
        Map<String, MappedValue> compiled = new LinkedHashMap<>();
        for (String a : REQUIRED) {
            if (!spec.containsKey(a)) {
                throw new IllegalArgumentException(lines.at(a) + ": the " + provider + " mapping has no " + a + " (required: id, type, source)");
            }
        }
        for (Map.Entry<String, String> e : spec.entrySet()) {
            try {
                compiled.put(e.getKey(), MappedValue.parse(e.getValue(), context));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(lines.at(e.getKey()) + ": " + provider + " " + e.getKey() + ": " + bad.getMessage());
            }
        }
        try {
            splitter = split == null ? null : MappedValue.expression(split, context);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(lines.at("split") + ": " + provider + " split: " + bad.getMessage());
        }
        values = compiled;
    }

    /**
     * Normalises the provider's fixture, requiring every declared attribute to yield a value on it.
     * @throws IllegalArgumentException with {@code file:line} of the first attribute that yields nothing
     */
    public List<CanonicalEvent> checkFixture() {
        RouteFileLines lines = lines();
        if (fixture == null) {
            throw new IllegalArgumentException(lines.at("fixture") + ": the " + provider + " mapping names no fixture");
        }
        MappingFixture f = MappingFixture.load(provider, fixture);
        Map<String, MappedValue> v = compiled();
        List<CanonicalEvent> events;
        try {
            events = normalize(f.body(), Channel.WEBHOOK, f.headers());
        } catch (UnprocessableEventException e) {
            throw new IllegalArgumentException(lines.at(split != null ? "split" : "fixture") + ": " + provider + " mapping on "
                    + f.file() + ": " + e.getMessage());
        }
        for (Object item : items(parse(f.body()), f.headers())) {
            for (Map.Entry<String, MappedValue> e : v.entrySet()) {
                try {
                    e.getValue().evaluate(exchange(item, f.headers()));
                } catch (UnprocessableEventException nothing) {
                    throw new IllegalArgumentException(lines.at(e.getKey()) + ": " + provider + " " + e.getKey() + " on " + f.file() + ": "
                            + nothing.getMessage());
                }
            }
        }
        events.forEach(ev -> URI.create(ev.source()));
        return events;
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

    private static String optional(MappedValue value, Exchange x) {
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
            return text == null ? null : OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
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

    private Map<String, MappedValue> compiled() {
        if (values == null) {
            synchronized (this) {
                if (values == null) {
                    compile();
                }
            }
        }
        return values;
    }

    private RouteFileLines lines() {
        Path dir = Path.of(context == null ? "routes" : Settings.of(context).string("tributary.routes-dir", "routes"));
        return RouteFileLines.of(dir, provider == null ? "?" : provider);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (context == null) {
            try {
                camelContext.addStartupListener(new StartupListener() {
                    @Override
                    public void onCamelContextStarting(CamelContext started, boolean alreadyStarted) {
                        compile();
                        if (fixture != null && MappingFixture.exists(provider, fixture)) {
                            checkFixture();
                        }
                    }

                    @Override
                    public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public String provider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider;
    }

    /** The fixture's file name under {@code src/test/resources/providers/<provider>/}. */
    public void setFixture(String fixture) {
        this.fixture = fixture;
    }

    public void setSplit(String split) {
        this.split = split;
    }

    public void setId(String id) {
        spec.put("id", id);
    }

    public void setType(String type) {
        spec.put("type", type);
    }

    public void setSource(String source) {
        spec.put("source", source);
    }

    public void setSubject(String subject) {
        spec.put("subject", subject);
    }

    public void setTime(String time) {
        spec.put("time", time);
    }
}
