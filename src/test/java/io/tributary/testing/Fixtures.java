package io.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Documented example bodies under {@code src/test/resources/providers/<id>/}. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] bytes(String provider, String name) {
        try {
            return Files.readAllBytes(Path.of("src/test/resources/providers", provider, name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
