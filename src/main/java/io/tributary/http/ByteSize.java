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
     * The default most bytes of one page: a sixteenth of the maximum heap, at most 16 MiB. Parsing
     * a page into a JSON tree takes several times its size (10 MiB of small items measured about
     * 6x with -Xmx160m), so a sixteenth leaves the webhooks and the Kafka clients their share.
     */
    public static long pageDefault() {
        return Math.max(256 * KIB, Math.min(16 * MIB, Runtime.getRuntime().maxMemory() / 16));
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

    /** 16 MiB, 512 KiB, 1000 bytes: the largest binary unit that divides it. */
    public static String show(long bytes) {
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + " MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + " KiB";
        }
        return bytes + " bytes";
    }
}
