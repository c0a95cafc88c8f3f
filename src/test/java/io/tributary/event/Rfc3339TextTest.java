package io.tributary.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import io.cloudevents.types.Time;
import org.junit.jupiter.api.Test;

/** Rfc3339Text writes, for any OffsetDateTime, exactly the text of the SDK's Time.writeTime. */
class Rfc3339TextTest {

    private static final List<ZoneOffset> OFFSETS = List.of(ZoneOffset.UTC, ZoneOffset.ofHours(0),
            ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(-8), ZoneOffset.ofHoursMinutes(-3, -30),
            ZoneOffset.ofHoursMinutesSeconds(0, 0, 30), ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3),
            ZoneOffset.ofHoursMinutes(0, -1), ZoneOffset.MAX, ZoneOffset.MIN);

    private static void same(OffsetDateTime t) {
        assertEquals(Time.writeTime(t), Rfc3339Text.of(t), () -> t.toString());
    }

    @Test
    void should_write_what_the_sdk_writes_for_fixed_edge_cases() {
        for (ZoneOffset o : OFFSETS) {
            for (int year : new int[] {-999_999_999, -10_000, -1, 0, 1, 999, 1000, 1970, 2026, 9999, 10_000, 999_999_999}) {
                for (int nano : new int[] {0, 1, 10, 100_000_000, 120_000_000, 123_000_000, 123_400_000, 123_456_000,
                        123_456_789, 999_999_999, 1_000, 1_000_000, 500}) {
                    same(OffsetDateTime.of(year, 1, 1, 0, 0, 0, nano, o));
                    same(OffsetDateTime.of(year, 12, 31, 23, 59, 59, nano, o));
                }
            }
        }
        assertEquals("2026-12-02T10:00:00Z", Rfc3339Text.of(OffsetDateTime.of(2026, 12, 2, 10, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals("0005-01-02T03:04:05.12+05:30",
                Rfc3339Text.of(OffsetDateTime.of(5, 1, 2, 3, 4, 5, 120_000_000, ZoneOffset.ofHoursMinutes(5, 30))));
    }

    @Test
    void should_write_what_the_sdk_writes_for_random_instants_nanos_and_offsets() {
        Random r = new Random(19);
        long min = OffsetDateTime.of(-20_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        long max = OffsetDateTime.of(20_000, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC).toEpochSecond();
        long from1970 = 0;
        long to2100 = OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toEpochSecond();
        for (int i = 0; i < 300_000; i++) {
            long seconds = i % 4 == 0 ? min + (long) (r.nextDouble() * (max - min))
                    : from1970 + (long) (r.nextDouble() * (to2100 - from1970));
            int nano = switch (r.nextInt(5)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000; // milliseconds only
                case 2 -> r.nextInt(1_000_000) * 1_000; // microseconds only
                case 3 -> r.nextInt(10) * 100_000_000; // tenths
                default -> r.nextInt(1_000_000_000);
            };
            ZoneOffset offset = switch (r.nextInt(4)) {
                case 0 -> OFFSETS.get(r.nextInt(OFFSETS.size()));
                case 1 -> ZoneOffset.ofTotalSeconds((r.nextInt(18 * 4 * 2 + 1) - 18 * 4) * 15 * 60); // quarter hours
                case 2 -> ZoneOffset.ofTotalSeconds(r.nextInt(18 * 3600 * 2 + 1) - 18 * 3600); // with seconds
                default -> ZoneOffset.UTC;
            };
            same(OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nano), offset));
        }
    }
}
