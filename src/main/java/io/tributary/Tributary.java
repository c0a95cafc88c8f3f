package io.tributary;

import io.tributary.cli.Cli;

/**
 * Starts Tributary: Camel Main with the route catalogue shipped in the jar plus the YAML routes of
 * {@code routes/} (or {@code tributary.routes-dir}), which add providers or replace shipped files by name.
 * Camel finds {@code TributaryConfiguration} by scanning this class's package. The arguments
 * ({@code --sandbox}, {@code tail}, {@code check}, {@code --help}) are read by {@link Cli}; none runs Tributary as always.
 */
public final class Tributary {

    public static void main(String[] args) throws Exception {
        Cli.main(args);
    }
}
