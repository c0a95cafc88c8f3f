package io.tributary.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A provider's documented example delivery, {@code src/test/resources/providers/<id>/<name>}, with
 * its request headers in {@code <name without .json>.headers} ({@code Name: value} lines) when the
 * mapping reads headers. Test resources do not ship in the jar: a deployed instance has none, and
 * the catalog test checks every mapping against its fixture in CI.
 */
record MappingFixture(Path file, byte[] body, Map<String, String> headers) {

    /** The default of {@code tributary.fixtures-dir}. */
    static final String ROOT = "src/test/resources/providers";

    static boolean exists(Path root, String provider, String name) {
        return Files.isRegularFile(root.resolve(provider).resolve(name));
    }

    static MappingFixture load(Path root, String provider, String name) {
        Path file = root.resolve(provider).resolve(name);
        Path headerFile = file.resolveSibling(name.replaceFirst("\\.json$", "") + ".headers");
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try {
            if (Files.isRegularFile(headerFile)) {
                for (String line : Files.readAllLines(headerFile)) {
                    int colon = line.indexOf(':');
                    if (colon > 0 && !line.startsWith("#")) {
                        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                    }
                }
            }
            return new MappingFixture(file, Files.readAllBytes(file), headers);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fixture " + file, e);
        }
    }
}
