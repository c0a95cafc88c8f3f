package io.tributary.event;

import java.time.OffsetDateTime;

/**
 * The CloudEvents {@code time} text, as {@link io.cloudevents.types.Time#writeTime(OffsetDateTime)}
 * writes it ({@code DateTimeFormatter.ISO_OFFSET_DATE_TIME}), without the formatter: on a backfill
 * the formatter was half of the envelope's CPU. What the JDK prints, checked with jshell on 17:
 * seconds always; the fraction only when nanos are not 0, with trailing zeros dropped
 * ({@code .12}, {@code .1234}); {@code Z} for a zero offset. Years outside 0000-9999 (signed,
 * wider) and offsets with seconds are left to the formatter; a test compares the two.
 */
final class Rfc3339Text {

    private Rfc3339Text() {
    }

    static String of(OffsetDateTime t) {
        int year = t.getYear();
        int offset = t.getOffset().getTotalSeconds();
        if (year < 0 || year > 9999 || offset % 60 != 0) {
            return io.cloudevents.types.Time.writeTime(t);
        }
        char[] c = new char[35]; // 2026-12-02T10:00:00.123456789+05:30
        int n = digits(c, 0, year, 4);
        c[n++] = '-';
        n = digits(c, n, t.getMonthValue(), 2);
        c[n++] = '-';
        n = digits(c, n, t.getDayOfMonth(), 2);
        c[n++] = 'T';
        n = digits(c, n, t.getHour(), 2);
        c[n++] = ':';
        n = digits(c, n, t.getMinute(), 2);
        c[n++] = ':';
        n = digits(c, n, t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            c[n++] = '.';
            int width = 9;
            while (nano % 10 == 0) { // the formatter drops trailing zeros
                nano /= 10;
                width--;
            }
            n = digits(c, n, nano, width);
        }
        if (offset == 0) {
            c[n++] = 'Z';
        } else {
            c[n++] = offset < 0 ? '-' : '+';
            int minutes = Math.abs(offset) / 60;
            n = digits(c, n, minutes / 60, 2);
            c[n++] = ':';
            n = digits(c, n, minutes % 60, 2);
        }
        return new String(c, 0, n);
    }

    /** {@code value} zero-padded to {@code width} digits at {@code at}; returns the next index. */
    private static int digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }
}
