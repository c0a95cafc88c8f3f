package io.tributary.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.cloudevents.jackson.JsonFormat;
import io.tributary.event.CanonicalEvent;
import io.tributary.event.Channel;
import io.tributary.event.CloudEventWriter;
import org.junit.jupiter.api.Test;

/** The envelope CloudEventWriter writes itself is, byte for byte, the one the CloudEvents SDK writes. */
class EnvelopeBytesTest {

    private final CloudEventWriter writer = new CloudEventWriter(null, "tributary.inbox");
    private final JsonFormat sdk = new JsonFormat();

    private void same(CanonicalEvent e) {
        String ours = new String(writer.serialize(e), StandardCharsets.UTF_8);
        assertEquals(new String(sdk.serialize(writer.toCloudEvent(e)), StandardCharsets.UTF_8), ours);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_write_what_the_sdk_writes_with_every_attribute() {
        same(new CanonicalEvent("thirdfort", "n-1", "/thirdfort/organizations/o", "thirdfort.CHECK_COMPLETED", "checks/c-9",
                OffsetDateTime.of(2026, 12, 2, 10, 0, 0, 123_000_000, ZoneOffset.UTC), json("{\"a\":[1,2,{\"b\":null}]}"), Channel.WEBHOOK));
    }

    @Test
    void should_write_what_the_sdk_writes_without_subject_or_time_and_with_text_to_escape() {
        same(new CanonicalEvent("stripe", "evt_\"q\"\\\u0001é€😀", "/stripe", "stripe.a\tb", null, null,
                json("{\"s\":\"é€😀 \\\"x\\\"\"}"), Channel.POLL));
        same(new CanonicalEvent("github", "d-1", "/github/r", "github.push", "  ", null, json("[]"), Channel.PULL));
        same(new CanonicalEvent("github", "d-2", "/github/r", "github.push", null, null,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}, Channel.WEBHOOK)); // malformed UTF-8, as the SDK writes it
        same(new CanonicalEvent("zenoo", "z", "https://x.example/a?b=c#d", "zenoo.t", "s",
                OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)), json(" {\"n\": 1.50e3 } "), Channel.WEBHOOK));
    }

    @Test
    void should_refuse_a_source_that_is_not_a_uri_reference_as_the_sdk_does() {
        CanonicalEvent bad = new CanonicalEvent("p", "1", "not a uri", "p.t", null, null, json("{}"), Channel.WEBHOOK);
        assertThrows(IllegalArgumentException.class, () -> sdk.serialize(writer.toCloudEvent(bad)));
        assertThrows(IllegalArgumentException.class, () -> writer.serialize(bad));
    }
}
