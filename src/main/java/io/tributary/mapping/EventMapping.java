package io.tributary.mapping;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Batch;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.DeadLetter;
import io.tributary.event.Normalizer;
import io.tributary.config.Settings;
import io.tributary.metrics.TributaryMetrics;
import io.tributary.event.UnprocessableEventException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Expression;

/**
 * A provider's normaliser written in its route file instead of Java. Each CloudEvent attribute is
 * a {@link MappedValue} (JSONPath or {@code simple} over the delivery, request headers, literals,
 * helpers); {@code id}, {@code type} and {@code source} are required, {@code subject} and
 * {@code time} optional (an event without time gets the time it was received). With
 * {@code split} (e.g. {@code jsonpath:$.messages[*]}) each element is one event, its attributes
 * evaluated on the element and its {@code data} the element; otherwise {@code data} is the
 * delivery byte for byte; an element that cannot be mapped is dead-lettered alone. An attribute
 * may fall back ({@code a || b || 'default'}, see {@link MappedValue}). {@code eventTypes} (or the
 * property {@code tributary.<provider>.event-types}) keeps only events of the listed CloudEvent
 * types ({@code github.push}, or a prefix {@code stripe.invoice.*}); the others are counted in
 * {@code tributary_events_filtered_total}, not published and not dead-lettered.
 * <p>
 * Checked when the Camel context starts (a listener it registers itself, so no route file can
 * forget it): a missing or uncompilable attribute stops the start with {@code file:line}; so does
 * an attribute that yields nothing on the provider's {@code fixture}, when the fixture is there
 * (a checkout; test resources do not ship, so the catalog test checks every fixture in CI).
 */
public class EventMapping implements Normalizer, CamelContextAware {

    private static final List<String> REQUIRED = List.of("id", "type", "source");

    private final Map<String, String> spec = new LinkedHashMap<>();
    private String provider;
    private String split;
    private String fixture;
    private CamelContext context;
    private volatile CompiledMapping compiled;
    private String eventTypes;
    private String emptyItems = "dead-letter";
    private volatile Predicate<String> wanted;

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel) {
        return normalize(raw, channel, Map.of());
    }

    @Override
    public List<CanonicalEvent> normalize(byte[] raw, Channel channel, Map<String, String> headers) {
        return compiled().events(raw, channel, headers);
    }

    @Override
    public Batch normalizeEach(byte[] raw, Channel channel, Map<String, String> headers) {
        try {
            return compiled().each(raw, channel, headers, wanted(), () -> filtered(channel));
        } catch (UnprocessableEventException e) {
            return Batch.poison(new DeadLetter(raw, e.getMessage()));
        }
    }

    /** A polled item: the mapping reads its tree as Maps ({@link TreeValues}), not {@code raw} parsed again. */
    @Override
    public Batch normalizeEach(byte[] raw, JsonNode tree, Channel channel, Map<String, String> headers) {
        try {
            return compiled().each(raw, TreeValues.plain(tree), channel, headers, wanted(), () -> filtered(channel));
        } catch (UnprocessableEventException e) {
            return Batch.poison(new DeadLetter(raw, e.getMessage()));
        }
    }

    /** The types to keep: the mapping's eventTypes, else tributary.<provider>.event-types; all when neither is set. */
    private Predicate<String> wanted() {
        Predicate<String> w = wanted;
        if (w == null) {
            String list = eventTypes != null ? eventTypes
                    : context == null ? "" : Settings.of(context).string("tributary." + provider + ".event-types", "");
            w = TypeFilter.of(list);
            wanted = w;
        }
        return w;
    }

    private void filtered(Channel channel) {
        TributaryMetrics metrics = context == null ? null : context.getRegistry().lookupByNameAndType("tributaryMetrics", TributaryMetrics.class);
        if (metrics != null) {
            metrics.filtered(provider, channel.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Compiles every attribute. @throws IllegalArgumentException with {@code file:line} */
    public synchronized void compile() {
        if (provider == null || !provider.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException(lines().at("provider") + ": an EventMapping needs provider: <kebab-case id>");
        }
        for (String a : REQUIRED) {
            if (!spec.containsKey(a)) {
                throw new IllegalArgumentException(lines().at(a) + ": the " + provider + " mapping has no " + a + " (required: id, type, source)");
            }
        }
        Map<String, MappedValue> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : spec.entrySet()) {
            try {
                values.put(e.getKey(), MappedValue.parse(e.getValue(), context));
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(lines().at(e.getKey()) + ": " + provider + " " + e.getKey() + ": " + bad.getMessage());
            }
        }
        Expression splitter;
        try {
            splitter = split == null ? null : MappedValue.expression(split, context);
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException(lines().at("split") + ": " + provider + " split: " + bad.getMessage());
        }
        if (!List.of("ok", "dead-letter").contains(emptyItems)) {
            throw new IllegalArgumentException(lines().at("emptyItems") + ": " + provider + " emptyItems: '" + emptyItems + "' is not ok or dead-letter");
        }
        compiled = new CompiledMapping(provider, values, splitter, split, emptyItems.equals("ok"), context);
    }

    /**
     * Normalises the provider's fixture, requiring every declared attribute to yield a value on it.
     * @throws IllegalArgumentException with {@code file:line} of the first attribute that yields nothing
     */
    public List<CanonicalEvent> checkFixture() {
        if (fixture == null) {
            throw new IllegalArgumentException(lines().at("fixture") + ": the " + provider + " mapping names no fixture");
        }
        MappingFixture f = MappingFixture.load(fixtures(), provider, fixture);
        List<CanonicalEvent> events;
        try {
            compiled().requireAll(f.body(), f.headers(), (attribute, nothing) -> {
                throw new IllegalArgumentException(lines().at(attribute) + ": " + provider + " " + attribute + " on " + f.file() + ": "
                        + nothing.getMessage());
            });
            events = normalize(f.body(), Channel.WEBHOOK, f.headers());
        } catch (UnprocessableEventException e) { // not JSON, a split that selects nothing, a time that is no time
            throw new IllegalArgumentException(lines().at(split != null ? "split" : "fixture") + ": " + provider + " mapping on "
                    + f.file() + ": " + e.getMessage());
        }
        for (CanonicalEvent e : events) {
            try {
                URI.create(e.source());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(lines().at("source") + ": " + provider + " source '" + e.source() + "' is not a URI reference");
            }
        }
        return events;
    }

    private CompiledMapping compiled() {
        CompiledMapping c = compiled;
        if (c == null) {
            compile();
            c = compiled;
        }
        return c;
    }

    private RouteFileLines lines() {
        Path dir = Path.of(context == null ? "routes" : Settings.of(context).string("tributary.routes-dir", "routes"));
        return RouteFileLines.of(dir, provider == null ? "?" : provider);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        if (context == null) { // Camel sets it twice: when it creates the bean and when it binds it
            MappingStartupCheck.register(camelContext, this);
        }
        this.context = camelContext;
    }

    /**
     * The start-up check (also run by {@code check} and before Tributary starts anything): compiles,
     * then runs the fixture where fixtures are ({@code tributary.fixtures-dir}: a checkout's test
     * resources; a deployed jar has none). A fixture named but missing there stops the start.
     */
    public void checkAtStart() {
        compile();
        Path root = fixtures();
        // Fixtures are required where they are kept, except for a shipped file whose fixtures are not in this root.
        if (fixture != null && Files.isDirectory(root) && (Files.isDirectory(root.resolve(provider)) || !lines().shipped())) {
            if (!MappingFixture.exists(root, provider, fixture)) {
                throw new IllegalArgumentException(lines().at("fixture") + ": the " + provider + " mapping names the fixture " + fixture
                        + ", which is not in " + root.resolve(provider));
            }
            checkFixture();
        }
    }

    private Path fixtures() {
        return Path.of(context == null ? MappingFixture.ROOT : Settings.of(context).string("tributary.fixtures-dir", MappingFixture.ROOT));
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

    /** The elements that are one event each, as pollers name it ({@code jsonpath:$.value[*]}); the same as split. */
    public void setItems(String items) {
        this.split = items;
    }

    /**
     * What a delivery whose items list is empty is: {@code dead-letter} (the default: a batch of nothing
     * is a mistake) or {@code ok} (published as nothing and answered 2xx: Xero's intent to receive).
     */
    public void setEmptyItems(String emptyItems) {
        this.emptyItems = emptyItems == null ? "dead-letter" : emptyItems.trim();
        this.compiled = null;
    }

    /** Comma-separated CloudEvent types to publish ({@code type.*} for a prefix); the others are dropped and counted. */
    public void setEventTypes(String eventTypes) {
        this.eventTypes = eventTypes == null || eventTypes.isBlank() ? null : eventTypes;
        this.wanted = null;
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
