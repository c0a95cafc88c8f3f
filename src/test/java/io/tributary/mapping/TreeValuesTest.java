package io.tributary.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.event.Json;
import org.junit.jupiter.api.Test;

/**
 * A polled item's tree walked into Maps is what parsing its written bytes gives, down to each
 * number's class (Integer, Long, BigInteger, Double): the mapping reads one in place of the other.
 */
class TreeValuesTest {

    /** The page as PageRequest reads it (readTree); the values as CompiledMapping parsed them before. */
    private static void assertSameAsReparsed(String page) throws Exception {
        for (JsonNode item : Json.MAPPER.readTree(page)) {
            Object reparsed = Json.MAPPER.readValue(Json.write(item), Object.class);
            assertEquals(reparsed, TreeValues.plain(item), item.toString());
            assertEquals(String.valueOf(classes(reparsed)), String.valueOf(classes(TreeValues.plain(item))), item.toString());
        }
    }

    /** The value with every scalar replaced by its class name (Integer 1 and Long 1 differ). */
    private static Object classes(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> e.getKey() + "=" + classes(e.getValue())).toList();
        }
        if (v instanceof java.util.List<?> l) {
            return l.stream().map(TreeValuesTest::classes).toList();
        }
        return v == null ? "null" : v.getClass().getSimpleName();
    }

    @Test
    void should_read_numbers_as_a_parse_of_the_written_item_does() throws Exception {
        assertSameAsReparsed("[{\"int\":1,\"neg\":-0,\"long\":2147483648,\"maxLong\":9223372036854775807,"
                + "\"big\":123456789012345678901234567890,\"negBig\":-9223372036854775809,\"tenth\":0.1,\"exp\":1E+2,"
                + "\"tiny\":1e-7,\"underflow\":1e-400,\"negZero\":-0.0,\"pi\":3.141592653589793238462643383279,"
                + "\"wholeDouble\":1686089970.0}, 7, 2147483648, 123456789012345678901234567890, 0.5]");
    }

    @Test
    void should_read_a_number_too_large_for_a_double_as_the_string_it_is_written_as() throws Exception {
        assertSameAsReparsed("[{\"inf\":1e400,\"negInf\":-1e400}, 1e400]");
        assertEquals(Map.of("inf", "Infinity"), TreeValues.plain(Json.MAPPER.readTree("{\"inf\":1e400}")));
    }

    @Test
    void should_keep_nulls_nested_arrays_unicode_and_key_order() throws Exception {
        assertSameAsReparsed("[{\"z\":null,\"a\":[[1,[2,[null,{\"x\":[]}]]],{}],\"t\":true,\"f\":false,"
                + "\"s\":\"line\\nbreak \\\"q\\\" \\u0000 \\t \u00e9 \u4e2d\u6587 \\ud83d\\ude00 \ud83d\ude00\",\"\u00fc\":{}}, null, \"bare\", [], {}]");
    }

    @Test
    void should_keep_the_last_of_duplicate_keys_as_the_written_item_does() throws Exception {
        assertSameAsReparsed("[{\"id\":1,\"x\":0,\"id\":2}]");
        assertEquals(BigInteger.ONE.shiftLeft(70), TreeValues.plain(Json.MAPPER.readTree(BigInteger.ONE.shiftLeft(70).toString())));
    }
}
