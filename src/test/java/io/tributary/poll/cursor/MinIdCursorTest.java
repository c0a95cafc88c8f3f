package io.tributary.poll.cursor;

import static io.tributary.poll.cursor.Pages.at;
import static io.tributary.poll.cursor.Pages.field;
import static io.tributary.poll.cursor.Pages.items;
import static io.tributary.poll.cursor.Pages.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Alcmeon's actions: min_action_id, a bare array in no stated order, at most 10. */
class MinIdCursorTest {

    private final MinIdCursor style = new MinIdCursor("min_action_id", "$.id", "0");

    private CursorStyle.Step next(String cursor, String page, int pageSize) {
        JsonNode p = json(page);
        return style.next(at(cursor, null), p, items(p, "$"), pageSize);
    }

    @Test
    void should_read_after_the_highest_published_id_or_the_start() {
        assertEquals(Map.of("min_action_id", "0"), style.query(at(null, null)).params());
        assertEquals(Map.of("min_action_id", "42"), style.query(at("42", null)).params());
    }

    @Test
    void should_publish_in_id_order_and_move_to_the_highest_id() {
        CursorStyle.Step step = next("7", "[{'id':10},{'id':8},{'id':9}]", 3);
        assertEquals(List.of("8", "9", "10"), field(step.items(), "id"), "numeric order, not text order");
        assertEquals("10", step.cursor());
        assertTrue(step.more(), "a full page: there may be more");
        assertFalse(next("7", "[{'id':8}]", 3).more());
    }

    @Test
    void should_keep_the_cursor_on_an_empty_page_and_never_move_it_back_or_onto_an_item_without_an_id() {
        assertEquals("7", next("7", "[]", 3).cursor());
        assertEquals("7", next("7", "[{'id':5}]", 3).cursor(), "an id below the cursor does not move it back");
        CursorStyle.Step step = next("7", "[{'id':9},{'type':'no id'}]", 3);
        assertEquals("9", step.cursor());
        assertEquals("no id", step.items().get(0).path("type").asText(), "the item without an id goes first, to be dead-lettered");
    }
}
