package io.tributary.poll.cursor;

import static io.tributary.poll.cursor.Pages.at;
import static io.tributary.poll.cursor.Pages.items;
import static io.tributary.poll.cursor.Pages.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Thirdfort's ListNotifications: nextPageToken in, page_token out. */
class PageTokenCursorTest {

    private final PageTokenCursor style = new PageTokenCursor("page_token", "$.nextPageToken");

    private CursorStyle.Step next(String cursor, String page) {
        JsonNode p = json(page);
        return style.next(at(cursor, null), p, items(p, "$.notifications"), 2);
    }

    @Test
    void should_ask_from_the_stored_token_or_from_the_start() {
        assertEquals(Map.of(), style.query(at(null, null)).params());
        assertEquals(Map.of("page_token", "T7"), style.query(at("T7", null)).params());
    }

    @Test
    void should_move_to_the_page_s_token_and_ask_again() {
        CursorStyle.Step step = next("T1", "{'notifications':[{'n':1},{'n':2}],'nextPageToken':'T2'}");
        assertEquals("T2", step.cursor());
        assertTrue(step.more());
        assertEquals(2, step.items().size());
        assertNull(step.continuation());
    }

    @Test
    void should_keep_the_token_and_stop_at_a_page_without_one() {
        CursorStyle.Step step = next("T2", "{'notifications':[{'n':3}]}");
        assertEquals("T2", step.cursor(), "no token: the next poll asks again from the same place");
        assertFalse(step.more());
        assertNull(next(null, "{'notifications':[]}").cursor(), "nothing yet: no cursor");
    }

    @Test
    void should_stop_at_an_empty_page_or_a_token_that_did_not_move() {
        assertFalse(next("T2", "{'notifications':[],'nextPageToken':'T3'}").more());
        CursorStyle.Step same = next("T2", "{'notifications':[{'n':3}],'nextPageToken':'T2'}");
        assertFalse(same.more(), "a token that does not move would loop");
        assertEquals("T2", same.cursor());
    }

    @Test
    void should_say_a_page_names_more_when_it_has_a_token() {
        assertTrue(style.namesMore(json("{'nextPageToken':'B'}")));
        assertFalse(style.namesMore(json("{'nextPageToken':''}")));
        assertFalse(style.namesMore(json("{}")));
    }
}
