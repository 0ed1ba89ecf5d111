package io.lstmstreams.config;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process. By default each RocksDB instance
 * (one per store per task: here two stores per input partition) gets its own 50 MB block cache
 * and up to three 16 MB memtables, so an instance with 32 partitions could use several GB off-heap.
 * Here all instances share one block cache of {@value #TOTAL_BYTES} bytes, and their memtables are
 * charged to it through one write buffer manager (at most {@value #MEMTABLE_BYTES}), index and
 * filter blocks included, so RocksDB's memory stays near that figure however many keys or tasks.
 * Set as {@code rocksdb.config.setter} by default; replace it by setting that property.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Block cache shared by all stores, memtables included. */
    public static final long TOTAL_BYTES = 128L << 20;
    /** Of which memtables at most. */
    public static final long MEMTABLE_BYTES = 48L << 20;
    private static final long MEMTABLE_SIZE = 8L << 20;

    private static final Cache CACHE;
    private static final WriteBufferManager WRITE_BUFFERS;

    static {
        org.rocksdb.RocksDB.loadLibrary();
        // strict capacity off: a full cache slows reads down rather than failing them
        CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
        WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write buffer manager are shared by every store: never closed here
    }
}
