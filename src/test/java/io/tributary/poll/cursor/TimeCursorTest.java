package io.tributary.poll.cursor;

import static io.tributary.poll.cursor.Pages.NOW;
import static io.tributary.poll.cursor.Pages.at;
import static io.tributary.poll.cursor.Pages.field;
import static io.tributary.poll.cursor.Pages.items;
import static io.tributary.poll.cursor.Pages.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Polytomic's Events API: starting_after a time (strict), unordered, with a 5 s overlap and 48 h retention. */
class TimeCursorTest {

    private final TimeCursor style = new TimeCursor("starting_after", "$.created_at", Duration.ofSeconds(5), Duration.ofHours(48));

    private CursorStyle.Step next(String cursor, String continuation, String page, int pageSize) {
        JsonNode p = json(page);
        return style.next(at(cursor, continuation), p, items(p, "$.data"), pageSize);
    }

    @Test
    void should_start_a_poll_the_overlap_before_the_cursor_and_a_first_one_at_the_retention() {
        assertEquals(Map.of("starting_after", "2026-01-10T11:59:55Z"), style.query(at("2026-01-10T12:00:00Z", null)).params());
        assertEquals(Map.of("starting_after", "2026-01-08T12:00:00Z"), style.query(at(null, null)).params());
        assertEquals(Map.of("starting_after", "2026-01-10T10:00:00Z"), style.query(at("2026-01-09T00:00:00Z", "2026-01-10T10:00:00Z")).params(),
                "within a poll, the continuation of the last page");
    }

    @Test
    void should_report_a_possible_gap_when_the_cursor_is_older_than_the_retention() {
        CursorStyle.Query old = style.query(at(NOW.minus(Duration.ofHours(72)).toString(), null));
        assertEquals("the cursor 2026-01-07T12:00:00Z is older than the PT48H the API keeps: events in between may be lost", old.gap());
        assertEquals(Map.of("starting_after", "2026-01-07T11:59:55Z"), old.params(), "still from the cursor: what is kept is read");
        assertNull(style.query(at(NOW.minus(Duration.ofHours(47)).toString(), null)).gap());
    }

    @Test
    void should_publish_oldest_first_with_undated_items_first_and_move_to_the_newest_time() {
        CursorStyle.Step step = next("2026-01-10T10:00:00Z", null, "{'data':[{'id':'b','created_at':'2026-01-10T10:00:02Z'},"
                + "{'id':'x','created_at':'yesterday'},{'id':'a','created_at':'2026-01-10T10:00:01Z'}]}", 100);
        assertEquals(List.of("x", "a", "b"), field(step.items(), "id"));
        assertEquals("2026-01-10T10:00:02Z", step.cursor());
        assertFalse(step.more());
        assertNull(step.continuation());
    }

    @Test
    void should_never_move_the_cursor_back_into_the_overlap() {
        assertEquals("2026-01-10T10:00:05Z", next("2026-01-10T10:00:05Z", null, "{'data':[{'id':'a','created_at':'2026-01-10T10:00:03Z'}]}", 100).cursor());
        assertEquals("2026-01-10T10:00:05Z", next("2026-01-10T10:00:05Z", null, "{'data':[]}", 100).cursor());
    }

    @Test
    void should_continue_a_full_page_from_just_before_its_newest_time() {
        CursorStyle.Step step = next(null, null, "{'data':[{'id':'a','created_at':'2026-01-10T10:00:01Z'},{'id':'b','created_at':'2026-01-10T10:00:02Z'}]}", 2);
        assertTrue(step.more());
        assertEquals("2026-01-10T10:00:01.999999999Z", step.continuation(), "the rest of the newest instant comes too");
    }

    @Test
    void should_stop_when_a_full_page_did_not_get_past_the_last_one() {
        CursorStyle.Step step = next(null, "2026-01-10T10:00:01.999999999Z",
                "{'data':[{'id':'a','created_at':'2026-01-10T10:00:02Z'},{'id':'b','created_at':'2026-01-10T10:00:02Z'}]}", 2);
        assertFalse(step.more(), "more items in one instant than a page cannot be paged: no endless loop");
        assertNull(step.continuation());
        assertEquals("2026-01-10T10:00:02Z", step.cursor());
    }

    @Test
    void should_publish_an_item_dated_beyond_the_skew_without_moving_the_cursor_to_it() {
        // NOW is 12:00; the default skew is 5 minutes
        CursorStyle.Step step = next("2026-01-10T11:00:00Z", null, "{'data':[{'id':'late','created_at':'2026-01-10T13:00:00Z'},"
                + "{'id':'a','created_at':'2026-01-10T11:30:00Z'},{'id':'close','created_at':'2026-01-10T12:04:59Z'}]}", 100);
        assertEquals(List.of("a", "close", "late"), field(step.items(), "id"), "published all the same");
        assertEquals("2026-01-10T12:04:59Z", step.cursor(), "within now + 5 min; not 13:00");

        TimeCursor tight = new TimeCursor("starting_after", "$.created_at", Duration.ofSeconds(5), Duration.ofHours(48), Duration.ofSeconds(10));
        JsonNode page = json("{'data':[{'id':'late','created_at':'2026-01-10T12:00:11Z'}]}");
        assertEquals("2026-01-10T11:00:00Z", tight.next(at("2026-01-10T11:00:00Z", null), page, items(page, "$.data"), 100).cursor(),
                "only an item beyond the skew: the cursor stays");
    }

    @Test
    void should_bring_back_a_stored_cursor_beyond_the_skew_once_a_trusted_item_comes() {
        assertEquals("2026-01-10T11:59:00Z", next("2026-01-10T13:00:00Z", null,
                "{'data':[{'id':'a','created_at':'2026-01-10T11:59:00Z'}]}", 100).cursor());
    }

    @Test
    void should_place_only_items_with_a_time() {
        assertTrue(style.positioned(json("{'created_at':'2026-01-10T11:59:00Z'}")));
        assertFalse(style.positioned(json("{'created_at':'yesterday'}")));
    }
}
