package io.tributary;

import io.tributary.cli.Cli;

/**
 * Starts Tributary: Camel Main with the route catalogue shipped in the jar plus the YAML routes of
 * {@code routes/} (or {@code tributary.routes-dir}), which add providers or replace shipped files by name.
 * Camel finds {@code TributaryConfiguration} by scanning this class's package. The arguments
 * ({@code --sandbox}, {@code tail}, {@code check}, {@code --help}) are read by {@link Cli}; none runs Tributary as always.
 */
public final class Tributary {

    /** The JDK's own switch for the common pool's size, read once when the pool is first used. */
    static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    public static void main(String[] args) throws Exception {
        // On 2 cores the common pool has parallelism 1, and CompletableFuture then runs every async
        // stage on a new thread. The JDK's HttpClient adds one such stage to each sendAsync: a
        // thread started and ended per polled page (10 % of a backfill's samples in a profile).
        // Two workers keep those stages on pooled threads. Set before anything uses the pool.
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
            System.setProperty(COMMON_POOL_PARALLELISM, "2");
        }
        Cli.main(args);
    }
}
