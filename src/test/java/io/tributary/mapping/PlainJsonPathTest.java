package io.tributary.mapping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;

import io.tributary.event.Json;
import io.tributary.event.UnprocessableEventException;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The plain {@code jsonpath:$.a.b} fast path of MappedValue finds what Camel's jsonpath finds, or leaves the part to Camel. */
class PlainJsonPathTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    private static final List<String> DOCUMENTS = List.of(
            "{\"id\":\"evt_1\",\"n\":42,\"big\":12345678901234,\"huge\":123456789012345678901234567890,\"pi\":3.14,"
                    + "\"small\":1e-7,\"ok\":true,\"no\":false,\"nil\":null,\"blank\":\"\",\"list\":[1,2],\"one\":[\"x\"],\"empty\":[],"
                    + "\"data\":{\"object\":{\"id\":\"pi_9\",\"amount\":100,\"nil\":null,\"tags\":{}},\"list\":[{\"id\":\"a\"}]},"
                    + "\"event-type\":\"a.b\",\"_x\":\"u\",\"0\":\"zero\"}",
            "{\"data\":\"not an object\",\"id\":7}",
            "[{\"id\":\"in a list\"}]",
            "\"a string\"",
            "12");

    private static final List<String> PATHS = List.of("$.id", "$.n", "$.big", "$.huge", "$.pi", "$.small", "$.ok", "$.no",
            "$.nil", "$.blank", "$.list", "$.one", "$.empty", "$.data", "$.data.object.id", "$.data.object.amount",
            "$.data.object.nil", "$.data.object.tags", "$.data.list", "$.data.list.id", "$.data.object.id.more",
            "$.missing", "$.data.missing", "$.missing.id", "$.event-type", "$._x", "$.0");

    private Exchange exchange(Object body) {
        Exchange x = new DefaultExchange(context);
        x.getMessage().setBody(body);
        return x;
    }

    /** What Camel's jsonpath language answers: the value, or the exception's class. */
    private Object camel(String path, Object body) {
        Expression e = MappedValue.expression("jsonpath:" + path, context);
        Exchange x = exchange(body);
        try {
            Object value = e.evaluate(x, Object.class);
            return x.getException() != null ? x.getException().getClass() : value;
        } catch (RuntimeException failed) {
            return failed.getClass();
        }
    }

    /** MappedValue's text or its message, with the part's own spelling taken out so two spellings compare. */
    private String mapped(String part, Object body) {
        try {
            return "value " + MappedValue.parse(part, context).evaluate(exchange(body));
        } catch (UnprocessableEventException e) {
            return "nothing " + e.getMessage().replace(part, "PART");
        }
    }

    /** The same path in bracket notation, which never takes the fast path. */
    private static String brackets(String path) {
        StringBuilder b = new StringBuilder("$");
        for (String name : path.substring(2).split("\\.")) {
            b.append("['").append(name).append("']");
        }
        return b.toString();
    }

    @Test
    void should_find_what_camel_finds_or_leave_the_part_to_camel() throws Exception {
        List<String> hits = new ArrayList<>();
        for (String doc : DOCUMENTS) {
            Object body = Json.MAPPER.readValue(doc, Object.class);
            for (String path : PATHS) {
                String[] names = MappedValue.plainPath("jsonpath:" + path);
                assertNotNull(names, path);
                Object fast = MappedValue.walk(names, body);
                Object camel = camel(path, body);
                if (fast != null) {
                    hits.add(path);
                    assertEquals(camel, fast, path + " in " + doc);
                    assertEquals(camel.getClass(), fast.getClass(), path + " in " + doc);
                }
                String bracketed = "jsonpath:" + brackets(path);
                assertNull(MappedValue.plainPath(bracketed));
                assertEquals(mapped(bracketed, body), mapped("jsonpath:" + path, body), path + " in " + doc);
            }
        }
        // every path that names a non-null value in the first document, and $.id in the second
        assertEquals(List.of("$.id", "$.n", "$.big", "$.huge", "$.pi", "$.small", "$.ok", "$.no", "$.blank", "$.list", "$.one",
                "$.empty", "$.data", "$.data.object.id", "$.data.object.amount", "$.data.object.tags", "$.data.list",
                "$.event-type", "$._x", "$.0", "$.id", "$.data"), hits);
    }

    @Test
    void should_take_only_plain_dotted_names() {
        assertArrayEquals(new String[] {"data", "object", "id"}, MappedValue.plainPath("jsonpath:$.data.object.id"));
        for (String other : List.of("jsonpath:$", "jsonpath:$.", "jsonpath:$..id", "jsonpath:$.a..b", "jsonpath:$.a[0]",
                "jsonpath:$[*]", "jsonpath:$.a.*", "jsonpath:$.a[?(@.b)]", "jsonpath:$.${header.x}", "jsonpath:$.a.length()",
                "jsonpath:$.a ", "jsonpath:$.a.", "simple:$.a", "header:$.a", "jsonpath: $.a")) {
            assertNull(MappedValue.plainPath(other), other);
        }
    }
}
