package io.tributary.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.config.Props;
import io.tributary.event.Batch;
import io.tributary.event.Json;
import io.tributary.event.NormalizeStep;
import io.tributary.event.Normalizer;
import io.tributary.event.ParsedItems;
import io.tributary.mapping.EventMapping;
import io.tributary.poll.cursor.JsonPaths;
import io.tributary.testing.ManualClock;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A polled page normalised from the trees the poller parsed ({@link ParsedItems}) gives the same
 * events and dead letters, byte for byte, as the same page as bytes parsed again: for every route
 * file with a poll side, on its provider's fixtures, and on items with awkward values.
 */
class ParsedOncePagesTest {

    /** Items each poll-side mapping must treat alike either way: mapped, or dead-lettered with one message. */
    private static final String AWKWARD = """
            [{"id":"evt_\u00fcn\u00efc\u00f8d\u00e9_\\ud83d\\ude00","type":"invoice.paid","created":1686089970,
              "data":{"object":{"id":"in_\u4e2d","amount":123456789012345678901234567890,"rate":0.1,"tiny":1e-7,
                "neg":-0.0,"pi":3.141592653589793238462643383279,"nested":[[1,[2,[null,{"x":[]}]]],{}],"none":null,
                "text":"line\\nbreak \\"q\\" \\u0000 \\t"}}},
             {"id":123456789012345678901234567890,"type":"big.id","created":1686089970.0,"data":{"object":{"id":9223372036854775807}}},
             {"id":0.1,"type":"decimal.id","created":1.5},
             {"id":1e400,"type":"infinite.id","created":-1e400,"data":{"object":{"id":1e-400}}},
             {"id":null,"type":"null.id"}, {"id":{"a":1},"type":"object.id"}, {"id":["one"],"type":["t"]}, {"id":[],"type":"x"},
             {"name":"organizations/\u00e9/notifications/N\\u00e9","type":"notification.client.check_complete.v1",
              "createTime":"2024-06-15T10:30:00.123456789Z","payload":{"check":12345678901234567890123}},
             {"name":"organizations/acme/notifications/N2","type":"t","createTime":"2024-13-01T00:00:00Z","payload":null},
             {"name":"no-notifications","type":1e2,"createTime":1718447400},
             {"lines":[{"n":1e-7,"tags":["\u00e9"]},{"n":12345678901234567890123,"kind":"big"},{"n":null},{"n":1e400},{"n":[1,2]}]},
             "bare", 42, null, [1, [2]], {}]
            """;

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final ManualClock clock = new ManualClock();

    @BeforeEach
    void loadRouteFiles() throws Exception {
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        try (Stream<Path> s = Files.list(Path.of("routes"))) {
            for (Path file : s.filter(p -> p.toString().endsWith(".camel.yaml"))
                    .sorted((a, b) -> a.endsWith("tributary.camel.yaml") ? -1 : b.endsWith("tributary.camel.yaml") ? 1 : a.compareTo(b))
                    .toList()) { // the shared file first: provider files use its templates
                PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:" + file));
            }
        }
        EventMapping split = new EventMapping(); // a mapping that splits items and reads them with Camel's jsonpath
        split.setCamelContext(context);
        split.setProvider("split-lines");
        split.setSplit("jsonpath:$.lines[*]");
        split.setId("jsonpath:$.n");
        split.setType("jsonpath:$.kind || 'line'");
        split.setSource("'/lines'");
        split.setSubject("jsonpath:$.tags[0]");
        context.getRegistry().bind("splitLines", split);
        clock.set(Instant.parse("2025-01-02T03:04:05Z"));
    }

    @AfterEach
    void tearDown() throws Exception {
        context.close();
    }

    private Map<String, DeclarativePoller> pollers() {
        Map<String, DeclarativePoller> out = new TreeMap<>();
        context.getRegistry().findByType(DeclarativePoller.class).forEach(p -> out.put(p.provider(), p));
        return out;
    }

    /** The page's items as the poller selects them, or the document as one item (a single event, or a stray). */
    private static List<JsonNode> items(JsonNode doc, DeclarativePoller poller) {
        Optional<JsonNode> found = JsonPaths.one(doc, JsonPaths.compile(poller.itemsPath()));
        List<JsonNode> items = new ArrayList<>();
        if (found.isPresent() && found.get().isArray() && found.get() != doc) {
            found.get().forEach(items::add);
        }
        items.add(doc);
        return items;
    }

    /** The ingest route's normalise step over {@code page}. */
    private Batch normalised(String provider, List<byte[]> page) {
        Exchange ex = new DefaultExchange(context);
        ex.setProperty(Props.PROVIDER, provider);
        ex.setProperty(Props.CHANNEL, "poll");
        ex.getMessage().setBody(page);
        new NormalizeStep(clock).normalize(ex);
        return ex.getMessage().getBody(Batch.class);
    }

    /** Every field of every event and dead letter, byte arrays in Base64. */
    private static String text(Batch batch) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder b64 = Base64.getEncoder();
        batch.events().forEach(e -> out.append(String.join(" | ", e.id(), e.source(), e.type(), String.valueOf(e.subject()),
                String.valueOf(e.time()), b64.encodeToString(e.data()), e.channel().id())).append('\n'));
        batch.deadLetters().forEach(d -> out.append("dead: ").append(d.error()).append(" | ").append(b64.encodeToString(d.raw()))
                .append(" | ").append(d.receivedAt()).append('\n'));
        return out.toString();
    }

    /** Asserts the two ways agree on {@code trees}; returns how many events and dead letters they made. */
    private int assertSameBothWays(String provider, List<JsonNode> trees) {
        ParsedItems parsed = new ParsedItems();
        List<byte[]> bytes = new ArrayList<>();
        for (JsonNode tree : trees) {
            byte[] raw = Json.write(tree); // as DeclarativePoller.fetch does
            parsed.add(raw, tree);
            bytes.add(raw);
        }
        Batch once = normalised(provider, parsed);
        assertEquals(text(normalised(provider, bytes)), text(once), provider);
        return once.events().size() + once.deadLetters().size();
    }

    @Test
    void should_normalise_every_poll_side_fixture_as_the_bytes_parsed_again() throws Exception {
        Map<String, DeclarativePoller> pollers = pollers();
        assertTrue(pollers.keySet().containsAll(List.of("stripe", "thirdfort", "polytomic", "alcmeon")), pollers.keySet().toString());
        int outcomes = 0;
        for (DeclarativePoller poller : pollers.values()) {
            try (Stream<Path> fixtures = Files.list(Path.of("src/test/resources/providers", poller.provider()))) {
                for (Path fixture : fixtures.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    outcomes += assertSameBothWays(poller.provider(), items(Json.MAPPER.readTree(fixture.toFile()), poller));
                }
            }
        }
        assertTrue(outcomes >= 11, outcomes + " events and dead letters compared");
    }

    @Test
    void should_normalise_awkward_items_as_the_bytes_parsed_again() throws Exception {
        List<JsonNode> awkward = new ArrayList<>();
        Json.MAPPER.readTree(AWKWARD).forEach(awkward::add);
        List<String> providers = new ArrayList<>(pollers().keySet());
        providers.add("split-lines");
        for (String provider : providers) {
            assertTrue(context.getRegistry().findByType(Normalizer.class).stream().anyMatch(n -> n.provider().equals(provider)), provider);
            assertEquals(awkward.size() + (provider.equals("split-lines") ? 4 : 0), assertSameBothWays(provider, awkward),
                    provider + ": one outcome per item, five per split item");
        }
    }
}
