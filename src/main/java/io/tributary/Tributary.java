package io.tributary;

import org.apache.camel.main.Main;

/**
 * Starts Tributary: Camel Main with the YAML routes under {@code routes/} (or {@code tributary.routes-dir}).
 * Camel finds {@code TributaryConfiguration} by scanning this class's package.
 */
public final class Tributary {

    public static void main(String[] args) throws Exception {
        Main main = new Main(Tributary.class);
        main.run(args);
    }
}
