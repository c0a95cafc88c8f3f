package io.tributary.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as settings write them ({@code 16MiB}, {@code 512KiB}, {@code 4MB}, bytes) and as messages show them. */
public final class ByteSize {

    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private ByteSize() {
    }

    /**
     * The default most bytes of one page: a 32nd of the maximum heap, at most 16 MiB (4.8 MiB with
     * the -Xmx160m of docs/operating.md). A page is held three times over while it is handled: its bytes, its
     * JSON tree (3.6-3.8 times the bytes for Thirdfort-like items) and the events made from it;
     * the idle application already holds about 60 MiB of a 160 MiB heap.
     */
    public static long pageDefault() {
        return Math.max(256 * KIB, Math.min(16 * MIB, Runtime.getRuntime().maxMemory() / 32));
    }

    /** {@code auto} (or blank) gives {@link #pageDefault()}. */
    public static long parse(String text) {
        String v = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("auto")) {
            return pageDefault();
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size such as 4MiB, 512KiB or auto");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long bytes = switch (unit) {
            case "kb" -> n * 1000;
            case "kib" -> n * KIB;
            case "mb" -> n * 1000_000;
            case "mib" -> n * MIB;
            case "gb" -> n * 1000_000_000;
            case "gib" -> n * 1024 * MIB;
            default -> n;
        };
        if (bytes < 1 || bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("'" + text + "' is not a size between 1 byte and 2 GiB");
        }
        return bytes;
    }

    /** 16 MiB, 4.8 MiB, 512 KiB, 1000 bytes. */
    public static String show(long bytes) {
        if (bytes >= MIB) {
            return bytes % MIB == 0 ? bytes / MIB + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }
}
