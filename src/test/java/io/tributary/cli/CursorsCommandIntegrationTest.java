package io.tributary.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.tributary.config.LaunchConfig;
import io.tributary.sandbox.PolytomicSimulator;
import io.tributary.testing.TributaryApp;
import org.junit.jupiter.api.Test;

/**
 * {@code cursors} and {@code cursors set} against a Polytomic poller (a time cursor) on the test
 * broker: listed with its leader, refused while that leader polls, moved once it stopped, and the
 * restarted poller resumes from the new value (its overlap before it).
 */
class CursorsCommandIntegrationTest {

    private record Result(int code, String out, String err) {
    }

    @Test
    void a_moved_cursor_is_where_the_restarted_poller_resumes_and_a_running_poller_refuses_the_move_without_force() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> p = new HashMap<>(TributaryApp.onTestKafka(run));
        p.put("tributary.polytomic.topic", "it-polytomic-" + run);
        p.put("tributary.polytomic.api-key", PolytomicSimulator.API_KEY);
        p.put("tributary.polytomic.poll-interval", "300ms");
        p.put("tributary.polytomic.overlap", "5s");
        p.put("tributary.cluster.member-id", "replica-" + run);
        Map<String, String> cli = Map.of("tributary.kafka.bootstrap-servers", p.get("tributary.kafka.bootstrap-servers"),
                "tributary.kafka.cursor-topic", p.get("tributary.kafka.cursor-topic"),
                "tributary.kafka.application-id", p.get("tributary.kafka.application-id"));
        try (PolytomicSimulator sim = new PolytomicSimulator()) {
            sim.add(10, 1, start); // created_at start .. start+9s
            sim.setVisible(10);
            p.put("tributary.polytomic.base-url", sim.baseUrl());
            TributaryApp app = TributaryApp.start(p);
            try {
                String newest = start.plusSeconds(9).toString();
                await().atMost(Duration.ofSeconds(30)).until(() -> cursors(cli, "polytomic").out().contains("  polytomic = " + newest + "  saved "));
                Result listed = cursors(cli, "polytomic");
                assertEquals(0, listed.code());
                assertTrue(listed.out().startsWith("polytomic  leader: replica-" + run + " ("), listed.out());

                String since = start.plusSeconds(4).toString();
                Result refused = cursors(cli, "set", "polytomic", "--since", since);
                assertEquals(2, refused.code());
                assertTrue(refused.err().startsWith("Refused: polytomic is polled right now by replica-" + run + " ("), refused.err());
                assertTrue(cursors(cli, "polytomic").out().contains("  polytomic = " + newest + "  saved "), "a refused move moves nothing");
                // --force passes the refusal (here with the value it has, so no poll in flight can race it)
                Result forced = cursors(cli, "set", "polytomic", newest, "--force");
                assertEquals(0, forced.code(), forced.err());
                assertEquals("polytomic cursor moved from " + newest + " to " + newest + ".\n", forced.out());
            } finally {
                app.close(); // leaves the election: nobody polls polytomic now
            }
            Result moved = cursors(cli, "set", "polytomic", "--since", start.plusSeconds(4).atOffset(java.time.ZoneOffset.ofHours(2)).toString());
            assertEquals(0, moved.code(), moved.err());
            assertEquals("polytomic cursor moved from " + start.plusSeconds(9) + " to " + start.plusSeconds(4) + ".\n", moved.out());
            assertTrue(cursors(cli, "polytomic").out().startsWith("polytomic  leader: none (no replica polls it now)\n  polytomic = "
                    + start.plusSeconds(4) + "  saved "));

            int before = sim.startingAfter().size();
            app = TributaryApp.start(p);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> sim.startingAfter().size() > before);
                assertEquals(start.minusSeconds(1).toString(), sim.startingAfter().get(before), "the new cursor minus the 5 s overlap");
            } finally {
                app.close();
            }
        }
    }

    @Test
    void set_refuses_what_a_provider_cursor_cannot_be() throws Exception {
        Map<String, String> none = Map.of();
        Result pageToken = cursors(none, "set", "thirdfort", "--since", "2024-06-01T00:00:00Z");
        assertEquals(2, pageToken.code());
        assertEquals("Refused: thirdfort's cursor is a page-token, not a time, so --since cannot set it. To re-read Thirdfort from a time, "
                + "run: backfill thirdfort --since <time>. Give the page-token to resume after instead.\n", pageToken.err());
        Result noCursor = cursors(none, "set", "zenoo", "abc");
        assertEquals(2, noCursor.code());
        assertEquals("Refused: zenoo has no poll cursor (no routes/zenoo.camel.yaml with a poller's cursor: style). "
                + "Providers with one: alcmeon, polytomic, stripe, thirdfort.\n", noCursor.err());
        Result notATime = cursors(none, "set", "polytomic", "yesterday");
        assertEquals(2, notATime.code());
        assertEquals("polytomic's cursor is a time: give an RFC 3339 time such as 2024-06-01T00:00:00Z, not 'yesterday'.\n", notATime.err());
        Result future = cursors(none, "set", "polytomic", "--since", "2999-01-01T00:00:00Z");
        assertEquals(2, future.code());
        assertEquals(2, cursors(none, "set", "polytomic").code(), "a usage error");
    }

    private static Result cursors(Map<String, String> settings, String... args) throws Exception {
        Properties system = new Properties();
        system.putAll(settings);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CursorsCommand.run(List.of(args), new LaunchConfig(system, Map.of()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
