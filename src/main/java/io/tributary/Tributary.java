package io.tributary;

import io.tributary.cli.Cli;

/**
 * Starts Tributary: Camel Main with the YAML routes under {@code routes/} (or {@code tributary.routes-dir}).
 * Camel finds {@code TributaryConfiguration} by scanning this class's package. The arguments
 * ({@code --sandbox}, {@code tail}, {@code --help}) are read by {@link Cli}; none runs Tributary as always.
 */
public final class Tributary {

    public static void main(String[] args) throws Exception {
        Cli.main(args);
    }
}
