package io.tributary.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The fast path reads the common shape exactly as the JDK does, refuses what it refuses, and leaves the rest to it. */
class Rfc3339Test {

    @Test
    void should_read_the_common_shape_as_the_jdk_does() {
        for (String s : List.of("2026-12-02T10:15:14Z", "2026-12-02T10:15:14.5Z", "2026-12-02T10:15:14.123456789Z",
                "2026-12-02T10:15:14.120+02:00", "1999-01-31T23:59:59-05:30", "2026-02-28T00:00:00-00:00", "0001-01-01T00:00:00+18:00")) {
            OffsetDateTime jdk = OffsetDateTime.parse(s);
            assertEquals(jdk, Rfc3339.parse(s), s);
            assertEquals(jdk.getOffset(), Rfc3339.parse(s).getOffset(), s);
        }
    }

    @Test
    void should_refuse_a_field_out_of_range_as_the_jdk_does() {
        for (String s : List.of("2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-12-02T24:00:00Z", "2026-12-02T10:60:00Z",
                "2026-12-02T10:00:60Z", "2026-12-02T10:00:00+19:00", "2026-12-02T10:00:00+01:60")) {
            assertThrows(DateTimeParseException.class, () -> OffsetDateTime.parse(s), s);
            assertThrows(DateTimeException.class, () -> Rfc3339.parse(s), s);
        }
    }

    @Test
    void should_leave_other_shapes_to_the_jdk() {
        for (String s : List.of("2026-12-02t10:15:14z", "2026-12-02T10:15Z", "2026-12-02T10:15:14.Z", "2026-12-02T10:15:14.1234567891Z",
                "2026-12-02T10:15:14+01:00:30", "2026-12-02T10:15:14+0100", "+12026-12-02T10:15:14Z", "2026-12-02 10:15:14Z",
                "2026-12-02T10:15:14", "2026-1x-02T10:15:14Z", "2026-12-02T10:15:14.12aZ")) {
            assertNull(Rfc3339.parse(s), s);
        }
    }
}
