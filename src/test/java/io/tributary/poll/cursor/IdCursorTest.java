package io.tributary.poll.cursor;

import static io.tributary.poll.cursor.Pages.at;
import static io.tributary.poll.cursor.Pages.field;
import static io.tributary.poll.cursor.Pages.items;
import static io.tributary.poll.cursor.Pages.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Stripe-style lists: items in data, an id cursor and has_more; Stripe's /v1/events is newest first. */
class IdCursorTest {

    private final IdCursor stripe = new IdCursor("ending_before", "$.id", "$.has_more", true, "starting_after");
    private final IdCursor oldestFirst = new IdCursor("starting_after", "$.id", "$.has_more", false, null);

    private static CursorStyle.Step next(IdCursor style, String cursor, String continuation, String page) {
        JsonNode p = json(page);
        return style.next(at(cursor, continuation), p, items(p, "$.data"), 3);
    }

    @Test
    void should_walk_forward_in_time_with_ending_before_the_newest_id_seen() {
        assertEquals(Map.of("ending_before", "evt_5"), stripe.query(at("evt_5", "evt_old")).params(), "a cursor wins over a leftover seek");
        CursorStyle.Step step = next(stripe, "evt_5", null, "{'data':[{'id':'evt_8'},{'id':'evt_7'},{'id':'evt_6'}],'has_more':true}");
        assertEquals(List.of("evt_6", "evt_7", "evt_8"), field(step.items(), "id"), "published oldest first");
        assertEquals("evt_8", step.cursor(), "the newest of the page");
        assertTrue(step.more());
        CursorStyle.Step last = next(stripe, "evt_8", null, "{'data':[{'id':'evt_9'}],'has_more':false}");
        assertEquals("evt_9", last.cursor());
        assertFalse(last.more());
    }

    @Test
    void should_keep_the_cursor_when_nothing_is_new() {
        CursorStyle.Step step = next(stripe, "evt_9", null, "{'data':[],'has_more':false}");
        assertEquals("evt_9", step.cursor());
        assertFalse(step.more());
    }

    @Test
    void should_seek_back_to_the_oldest_page_on_a_first_start_publishing_nothing_on_the_way() {
        assertEquals(Map.of(), stripe.query(at(null, null)).params(), "the newest page first");
        CursorStyle.Step newest = next(stripe, null, null, "{'data':[{'id':'evt_9'},{'id':'evt_8'},{'id':'evt_7'}],'has_more':true}");
        assertTrue(newest.items().isEmpty());
        assertNull(newest.cursor(), "nothing published, nothing stored");
        assertEquals("evt_7", newest.continuation());
        assertTrue(newest.more());
        assertEquals(Map.of("starting_after", "evt_7"), stripe.query(at(null, "evt_7")).params());
        assertTrue(stripe.resumes("evt_7"), "a long history is crossed over several polls");

        CursorStyle.Step oldest = next(stripe, null, "evt_7", "{'data':[{'id':'evt_6'},{'id':'evt_5'}],'has_more':false}");
        assertEquals(List.of("evt_5", "evt_6"), field(oldest.items(), "id"));
        assertEquals("evt_6", oldest.cursor());
        assertNull(oldest.continuation(), "from here on, forward from the cursor");
        assertTrue(oldest.more(), "the newer events the seek passed come next");
    }

    @Test
    void should_publish_a_short_history_at_once() {
        CursorStyle.Step step = next(stripe, null, null, "{'data':[{'id':'evt_2'},{'id':'evt_1'}],'has_more':false}");
        assertEquals(List.of("evt_1", "evt_2"), field(step.items(), "id"));
        assertEquals("evt_2", step.cursor());
        assertFalse(step.more(), "nothing older, and this was the newest page");
    }

    @Test
    void should_page_an_oldest_first_list_with_starting_after_the_last_id() {
        assertEquals(Map.of(), oldestFirst.query(at(null, null)).params());
        assertEquals(Map.of("starting_after", "u_3"), oldestFirst.query(at("u_3", null)).params());
        CursorStyle.Step step = next(oldestFirst, "u_3", null, "{'data':[{'id':'u_4'},{'id':'u_5'}],'has_more':true}");
        assertEquals(List.of("u_4", "u_5"), field(step.items(), "id"));
        assertEquals("u_5", step.cursor());
        assertTrue(step.more());
        assertFalse(oldestFirst.resumes("u_3"));
    }

    @Test
    void should_refuse_a_newest_first_list_without_a_way_back() {
        assertThrows(IllegalArgumentException.class, () -> new IdCursor("ending_before", "$.id", "$.has_more", true, null));
    }

    @Test
    void should_move_the_cursor_to_the_newest_item_that_has_an_id() {
        CursorStyle.Step step = next(stripe, "evt_5", null, "{'data':[{'object':'event'},{'id':'evt_7'},{'id':'evt_6'}],'has_more':false}");
        assertEquals(List.of("evt_6", "evt_7", ""), field(step.items(), "id"), "the item without an id is handed on (the normaliser dead-letters it)");
        assertEquals("evt_7", step.cursor(), "not pinned at evt_5 by the newest item, which has no id");
        assertFalse(stripe.positioned(step.items().get(2)));
        assertTrue(stripe.positioned(step.items().get(0)));

        CursorStyle.Step forward = next(oldestFirst, "evt_5", null, "{'data':[{'id':'evt_6'},{'id':'evt_7'},{'object':'event'}],'has_more':true}");
        assertEquals("evt_7", forward.cursor());
        assertTrue(forward.more());
        assertEquals("evt_5", next(oldestFirst, "evt_5", null, "{'data':[{'object':'event'}],'has_more':false}").cursor());
    }

    @Test
    void should_say_when_a_page_names_more() {
        assertTrue(stripe.namesMore(json("{'has_more':true}")));
        assertFalse(stripe.namesMore(json("{'has_more':false}")));
        assertFalse(stripe.namesMore(json("{}")));
        assertFalse(new IdCursor("starting_after", "$.id", null, false, null).namesMore(json("{'has_more':true}")), "no hasMore path: a full page means more");
    }
}
