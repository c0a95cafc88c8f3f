package io.tributary.core;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds RocksDB's off-heap memory for every store of one core: one shared LRU block cache (index
 * and filter blocks included) and a write-buffer manager charged to that same cache. Without it
 * each store opens its own 50 MB-class caches and memtables, and RSS grows per partition.
 * Kafka Streams creates this setter by class name, so the memory it hands out is a {@link Memory}
 * that the core owns, passed in the Streams config under {@link #MEMORY} and closed with the core.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

    /** Streams config key whose value is the core's {@link Memory} (an object, not a string). */
    public static final String MEMORY = "tributary.rocksdb.memory";

    /** The cache and write-buffer manager shared by one core's stores; closed after the core's streams. */
    public static final class Memory implements AutoCloseable {

        private final Cache cache;
        private final WriteBufferManager writeBuffers;

        public Memory(long cacheBytes, long writeBufferBytes) {
            RocksDB.loadLibrary(); // the cache is native; Kafka Streams loads the library only when a store opens
            cache = new LRUCache(cacheBytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(writeBufferBytes, cache);
        }

        WriteBufferManager writeBuffers() {
            return writeBuffers;
        }

        @Override
        public void close() {
            writeBuffers.close();
            cache.close();
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        if (!(configs.get(MEMORY) instanceof Memory memory)) {
            throw new IllegalStateException("Streams config " + MEMORY + " must hold the core's BoundedRocksDb.Memory");
        }
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(memory.writeBuffers);
        options.setWriteBufferSize(4L << 20);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The memory is shared by every store of the core: the core closes it, not each store.
    }
}
