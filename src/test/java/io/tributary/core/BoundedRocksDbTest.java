package io.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/** Each core's stores get the memory that core owns (no process-wide cache whose first sizes win). */
class BoundedRocksDbTest {

    @Test
    void should_give_each_core_s_stores_the_memory_that_core_owns() {
        try (BoundedRocksDb.Memory first = new BoundedRocksDb.Memory(1L << 20, 1L << 20);
             BoundedRocksDb.Memory second = new BoundedRocksDb.Memory(4L << 20, 2L << 20);
             Options a = options();
             Options b = options()) {
            new BoundedRocksDb().setConfig("seen", a, Map.of(BoundedRocksDb.MEMORY, first));
            new BoundedRocksDb().setConfig("seen", b, Map.of(BoundedRocksDb.MEMORY, second));
            assertSame(first.writeBuffers(), a.writeBufferManager());
            assertSame(second.writeBuffers(), b.writeBufferManager());
            assertEquals(4L << 20, a.writeBufferSize());
        }
    }

    @Test
    void should_refuse_a_store_whose_core_passed_no_memory() {
        try (Options o = options()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new BoundedRocksDb().setConfig("seen", o, Map.of()));
            assertEquals("Streams config tributary.rocksdb.memory must hold the core's BoundedRocksDb.Memory", e.getMessage());
        }
    }

    private static Options options() {
        Options o = new Options();
        o.setTableFormatConfig(new BlockBasedTableConfig()); // as Kafka Streams' RocksDBStore sets it before the setter
        return o;
    }
}
