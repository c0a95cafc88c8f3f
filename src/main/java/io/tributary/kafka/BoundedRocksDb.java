package io.tributary.kafka;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for every store of the process: one shared LRU block cache
 * (index and filter blocks included) and a write-buffer manager charged to that same cache.
 * Without it each store opens its own 50 MB-class caches and memtables, and RSS grows per
 * partition. Sizes come from {@code tributary.rocksdb.cache-bytes} / {@code write-buffer-bytes}.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    public static final String CACHE_BYTES = "tributary.rocksdb.cache-bytes";
    public static final String WRITE_BUFFER_BYTES = "tributary.rocksdb.write-buffer-bytes";

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(Map<String, Object> configs) {
        if (cache == null) {
            long cacheBytes = Long.parseLong(String.valueOf(configs.getOrDefault(CACHE_BYTES, 32L << 20)));
            long bufferBytes = Long.parseLong(String.valueOf(configs.getOrDefault(WRITE_BUFFER_BYTES, 8L << 20)));
            cache = new LRUCache(cacheBytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(bufferBytes, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        init(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(4L << 20);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store: never close them here.
    }
}
