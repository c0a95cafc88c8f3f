package io.tributary.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How the exactly-once core runs. Instances with the same {@code applicationId} share the inbox's
 * partitions; {@code instanceId} (static membership, e.g. a StatefulSet pod name) lets a
 * restarted instance take its partitions back without waiting out its old session.
 */
public record CoreSettings(String applicationId,
                           String inboxTopic,
                           Path stateDir,
                           Duration retention,
                           Duration purgeInterval,
                           DedupeTopology.StoreType storeType,
                           Duration commitInterval,
                           int streamThreads,
                           int standbyReplicas,
                           Duration sessionTimeout,
                           Optional<String> instanceId,
                           long rocksDbCacheBytes,
                           long rocksDbWriteBufferBytes) {
}
