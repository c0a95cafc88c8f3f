package io.tributary.poll;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.poll.cursor.CursorStore;
import io.tributary.event.Json;
import io.tributary.testing.KafkaRecords;
import io.tributary.testing.MisbehavingApi;
import io.tributary.sandbox.PolytomicSimulator;
import io.tributary.testing.StripeSimulator;
import io.tributary.testing.TestKafka;
import io.tributary.sandbox.ThirdfortSimulator;
import io.tributary.testing.TopicTail;
import io.tributary.testing.TributaryApp;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault suite: the real application (one for the class, on the test broker) polls Thirdfort,
 * Stripe and Polytomic through a {@link MisbehavingApi} each. Every test breaks one API the way
 * real ones break, then checks what an SRE paged for it would want: nothing published twice and
 * everything published once the fault clears (read_committed, distinct ids), the poller unstuck
 * within its backoff, the calls bounded while a loop lasts, health and metrics naming the reason,
 * and the process alive. Backoffs are short (200 ms doubling to 1 s) so the class runs in about a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisbehavingApiIntegrationTest {

    private ThirdfortSimulator thirdfort;
    private StripeSimulator stripe;
    private PolytomicSimulator polytomic;
    private MisbehavingApi thirdfortApi;
    private MisbehavingApi stripeApi;
    private MisbehavingApi polytomicApi;
    private TributaryApp app;
    private final Map<String, TopicTail> tails = new HashMap<>();
    private String deadLetters;
    private final List<String> polytomicIds = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        thirdfort = new ThirdfortSimulator();
        stripe = new StripeSimulator();
        polytomic = new PolytomicSimulator();
        thirdfortApi = new MisbehavingApi(thirdfort.baseUrl());
        stripeApi = new MisbehavingApi(stripe.baseUrl());
        polytomicApi = new MisbehavingApi(polytomic.baseUrl());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        deadLetters = p.get("tributary.kafka.deadletter-topic");
        p.putAll(thirdfort.pollerSettings());
        p.put("tributary.thirdfort.base-url", thirdfortApi.baseUrl());
        p.put("tributary.thirdfort.page-size", "5");
        p.put("tributary.thirdfort.request-timeout", "3s"); // the trickling and silent pages time out soon
        p.put("tributary.stripe.base-url", stripeApi.baseUrl());
        p.put("tributary.stripe.api-key", StripeSimulator.API_KEY);
        p.put("tributary.stripe.page-size", "5");
        // Not auto: auto is a 32nd of the heap up to 16 MiB, so on a test JVM of 512 MiB heap or more the
        // 12.8 MiB page of 100,000 events fits and is published. 8 MiB refuses it (and the 50 MB page)
        // and still reads the page that carries one 5 MiB item.
        p.put("tributary.stripe.max-page-bytes", "8MiB");
        p.put("tributary.polytomic.base-url", polytomicApi.baseUrl());
        p.put("tributary.polytomic.api-key", PolytomicSimulator.API_KEY);
        for (String provider : List.of("thirdfort", "stripe", "polytomic")) {
            p.put("tributary." + provider + ".poll-interval", "200ms");
            p.put("tributary." + provider + ".topic", "it-faults-" + provider + "-" + run);
        }
        thirdfort.add(3);
        stripe.add(3);
        addPolytomic(3);
        app = TributaryApp.start(p);
        for (String provider : List.of("thirdfort", "stripe", "polytomic")) {
            DeclarativePoller poller = poller(provider);
            poller.setInitialBackoff("200ms");
            poller.setMaxBackoff("1s");
            tails.put(provider, new TopicTail(TestKafka.bootstrapServers(), p.get("tributary." + provider + ".topic")));
        }
        awaitAllPublished();
    }

    @AfterAll
    void stop() throws Exception {
        tails.values().forEach(TopicTail::close);
        app.close();
        for (AutoCloseable c : List.of(thirdfortApi, stripeApi, polytomicApi, thirdfort, stripe, polytomic)) {
            c.close();
        }
    }

    @AfterEach
    void healed() throws Exception {
        thirdfortApi.heal();
        stripeApi.heal();
        polytomicApi.heal();
        awaitAllPublished();
        assertEquals(200, app.get(app.managementUrl("/observe/health/live")).statusCode(), "alive: no fault here needs a restart");
        await().atMost(Duration.ofSeconds(20)).until(() -> loops().path("status").asText().equals("UP"));
    }

    private DeclarativePoller poller(String provider) {
        return app.context().getRegistry().lookupByNameAndType(provider + "Poller", DeclarativePoller.class);
    }

    private Optional<String> cursor(String provider) {
        return app.context().getRegistry().lookupByNameAndType("cursorStore", CursorStore.class).load(provider).map(CursorStore.Cursor::value);
    }

    private void addPolytomic(int count) {
        polytomic.setVisible(Integer.MAX_VALUE);
        // one instant per batch: the API's created_at is strict, the poller's overlap re-reads it
        polytomic.add(count, 1000, Instant.now()).forEach(e -> polytomicIds.add(e.get("type").asText() + ":" + e.get("event").get("execution_id").asText()));
    }

    /** Every event each simulator holds (and nothing else, once) is on its provider's topic. */
    private void awaitAllPublished() {
        Map<String, List<String>> expected = Map.of(
                "thirdfort", range("N%07d", thirdfortAdded),
                "stripe", new ArrayList<>(stripeIds()),
                "polytomic", polytomicIds);
        expected.forEach((provider, ids) -> awaitExactly(provider, ids));
    }

    private int thirdfortAdded = 3;
    private int stripeAdded = 3;
    private final List<String> extraPolytomic = new ArrayList<>();

    private List<String> stripeIds() {
        List<String> ids = range("evt_%06d", stripeAdded);
        ids.removeAll(skippedStripe);
        return ids;
    }

    private final List<String> skippedStripe = new ArrayList<>();

    private static List<String> range(String format, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format(format, i));
        }
        return out;
    }

    private void awaitExactly(String provider, List<String> expected) {
        List<String> all = new ArrayList<>(expected);
        all.addAll(provider.equals("polytomic") ? extraPolytomic : List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> missing = new TreeSet<>(all);
            tails.get(provider).ids().forEach(missing::remove);
            assertEquals(Set.of(), missing, provider + ": not published yet");
        });
        List<String> seen = tails.get(provider).ids();
        assertEquals(new HashSet<>(all), new HashSet<>(seen), provider + ": exactly the events of the API");
        assertEquals(seen.size(), new HashSet<>(seen).size(), provider + ": none twice");
    }

    private JsonNode health() throws Exception {
        return Json.MAPPER.readTree(app.get(app.managementUrl("/observe/health?data=true")).body());
    }

    private JsonNode loops() throws Exception {
        for (JsonNode check : health().path("checks")) {
            if (check.path("name").asText().equals("loops")) {
                return check;
            }
        }
        throw new AssertionError("no loops check in " + health());
    }

    private double pollErrors(String provider, String reason) throws Exception {
        String text = app.get(app.managementUrl("/observe/metrics")).body();
        Matcher m = Pattern.compile("tributary_poll_errors_total\\{provider=\"" + provider + "\",reason=\"" + reason + "\",?\\} (\\S+)").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** While the fault lasts: counted by reason, named by the loops check, the process alive. */
    private void awaitNamed(String provider, String reason) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> pollErrors(provider, reason) >= 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> reason.equals(loops().path("data").path(provider + "-poll.reason").asText()));
        assertTrue(loops().path("message").asText().contains(provider + "-poll (" + reason + ")"), loops().toString());
        assertEquals(200, app.get(app.managementUrl("/observe/health/live")).statusCode());
    }

    /**
     * Starts a fault and returns once a call has met it. A poll already inside the proxy when the
     * fault starts is answered well-behaved from the simulator's state at that moment, so events
     * added right after a bare {@code misbehave} could be read past the fault (and the test would wait
     * for a failure that never comes).
     */
    private void misbehave(MisbehavingApi api, MisbehavingApi.Fault fault) {
        api.misbehave(fault);
        int before = api.calls();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.calls() > before);
    }

    /** The calls that reach the API in a few seconds while a fault lasts: a handful per backoff, not a thousand pages a poll. */
    private int callsDuring(MisbehavingApi api, Duration window) {
        int before = api.calls();
        await().during(window).atMost(window.plusSeconds(2)).until(() -> true);
        return api.calls() - before;
    }

    @Test
    void a_page_whose_items_array_was_renamed_fails_the_poll_and_keeps_the_cursor() throws Exception {
        String before = cursor("thirdfort").orElseThrow();
        misbehave(thirdfortApi, MisbehavingApi.renameItems("notifications", "items"));
        thirdfort.add(3);
        thirdfortAdded += 3;
        awaitNamed("thirdfort", "page-shape");
        assertEquals(Optional.of(before), cursor("thirdfort"), "the page's items were not skipped");
    }

    @Test
    void page_tokens_that_cycle_end_each_poll_and_the_calls_stay_few() throws Exception {
        String a = cursor("thirdfort").orElseThrow();
        String b = String.format("N%07d", Integer.parseInt(a.substring(1)) + 5);
        // Pages that hold items send the poll round a -> b -> a; an empty page keeps its real answer.
        misbehave(thirdfortApi, call -> {
            ObjectNode page = call.upstream();
            if (!page.path("notifications").isEmpty()) {
                page.put("nextPageToken", b.equals(call.query().get("page_token")) ? a : b);
            }
            call.answer(page);
        });
        thirdfort.add(10); // after the fault has started: a poll before it would read all ten
        thirdfortAdded += 10;
        awaitNamed("thirdfort", "page-token-loop");
        int calls = callsDuring(thirdfortApi, Duration.ofSeconds(4));
        assertTrue(calls <= 16, "two calls a poll, a poll a backoff (at most 1 s): " + calls + " calls in 4 s");
    }

    @Test
    void an_api_that_ignores_ending_before_ends_each_poll_as_a_page_token_loop() throws Exception {
        misbehave(stripeApi, MisbehavingApi.ignore("ending_before", page -> page));
        stripe.add(8);
        stripeAdded += 8;
        awaitNamed("stripe", "page-token-loop");
        int calls = callsDuring(stripeApi, Duration.ofSeconds(4));
        assertTrue(calls <= 16, calls + " calls in 4 s");
    }

    @Test
    void a_newest_event_without_an_id_is_dead_lettered_once_and_the_events_after_it_are_published() throws Exception {
        ObjectNode noId = Json.MAPPER.createObjectNode().put("object", "event").put("type", "charge.failed").put("created", 1717300000L);
        misbehave(stripeApi, MisbehavingApi.prepend("data", noId, q -> !q.containsKey("starting_after")));
        int polls = stripeApi.calls();
        await().atMost(Duration.ofSeconds(20)).until(() -> stripeApi.calls() >= polls + 5);
        stripe.add(2);
        stripeAdded += 2;
        awaitExactly("stripe", stripeIds());
        await().atMost(Duration.ofSeconds(20)).until(() -> stripeApi.calls() >= polls + 10);
        List<ConsumerRecord<String, byte[]>> dead = deadLetters("stripe", "").stream()
                .filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).equals(noId.toString())).toList();
        assertEquals(1, dead.size(), "read at every poll, dead-lettered once: " + deadLetters("stripe", "").stream()
                .map(r -> KafkaRecords.header(r, "tributary-error") + " " + new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList());
        assertEquals("jsonpath:$.id yields nothing (No results for path: $['id'])", KafkaRecords.header(dead.get(0), "tributary-error"));
        assertEquals(Optional.of(StripeSimulator.id(stripeAdded)), cursor("stripe"), "the cursor moved past it to the newest event with an id");
    }

    @Test
    void an_item_too_large_for_kafka_is_dead_lettered_truncated_and_the_page_goes_on() throws Exception {
        String big = StripeSimulator.id(stripeAdded + 2);
        misbehave(stripeApi, MisbehavingApi.inflate("data", "id", big, 5 * 1024 * 1024));
        stripe.add(3);
        stripeAdded += 3;
        skippedStripe.add(big);
        awaitExactly("stripe", stripeIds());
        List<ConsumerRecord<String, byte[]>> dead = deadLetters("stripe", "too-large");
        assertEquals(1, dead.size());
        assertEquals(65536, dead.get(0).value().length, "the dead letter holds the item's first 64 KiB");
        String error = KafkaRecords.header(dead.get(0), "tributary-error");
        assertTrue(error.startsWith("too-large: item [" + big + "] is 52"), error);
        assertEquals(Optional.of(StripeSimulator.id(stripeAdded)), cursor("stripe"));
    }

    @Test
    void an_event_dated_an_hour_ahead_is_published_once_and_does_not_carry_the_cursor_past_the_next_hour() throws Exception {
        Instant ahead = Instant.now().plus(Duration.ofHours(1));
        ObjectNode future = Json.MAPPER.createObjectNode().put("id", "api-future").put("created_at", ahead.toString())
                .put("organization_id", "org-1").put("type", "sync.completed");
        future.putObject("event").put("execution_id", "exec-future").put("organization_id", "org-1");
        misbehave(polytomicApi, MisbehavingApi.prepend("data", future, q -> true));
        extraPolytomic.add("sync.completed:exec-future");
        addPolytomic(2);
        awaitExactly("polytomic", polytomicIds);
        assertTrue(Instant.parse(cursor("polytomic").orElseThrow()).isBefore(Instant.now().plus(Duration.ofMinutes(5))), cursor("polytomic").toString());
        addPolytomic(2); // created now, an hour before the item ahead: still published
        awaitExactly("polytomic", polytomicIds);
    }

    @Test
    void a_rejected_api_key_is_named_credentials() throws Exception {
        misbehave(stripeApi, MisbehavingApi.status(401, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}"));
        awaitNamed("stripe", "credentials");
    }

    // The HTTP layer's faults: each call's deadline must cover the body, and a page its size limit.

    @Test
    void a_page_that_trickles_times_out_and_the_poller_recovers() throws Exception {
        misbehave(thirdfortApi, thirdfortApi.trickle(1));
        thirdfort.add(2);
        thirdfortAdded += 2;
        awaitNamed("thirdfort", "timeout");
    }

    @Test
    void headers_then_silence_times_out_and_the_poller_recovers() throws Exception {
        misbehave(thirdfortApi, thirdfortApi.headersThenSilence());
        thirdfort.add(2);
        thirdfortAdded += 2;
        awaitNamed("thirdfort", "timeout");
    }

    @Test
    void a_page_of_100000_items_is_refused_as_too_large() throws Exception {
        misbehave(stripeApi, MisbehavingApi.hugePage("data", "id", 100_000));
        stripe.add(1);
        stripeAdded += 1;
        awaitNamed("stripe", "too-large");
    }

    @Test
    void a_page_of_50_mb_is_refused_as_too_large() throws Exception {
        String big = StripeSimulator.id(stripeAdded + 1);
        misbehave(stripeApi, MisbehavingApi.inflate("data", "id", big, 50 * 1024 * 1024));
        stripe.add(1);
        stripeAdded += 1;
        awaitNamed("stripe", "too-large");
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(String provider, String errorPart) {
        return KafkaRecords.readAll(TestKafka.bootstrapServers(), deadLetters).stream()
                .filter(r -> provider.equals(KafkaRecords.header(r, "tributary-provider")))
                .filter(r -> String.valueOf(KafkaRecords.header(r, "tributary-error")).contains(errorPart)).toList();
    }
}
