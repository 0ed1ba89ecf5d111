package io.lstmstreams.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

class BoundedRocksDbMemoryTest {
    @Test
    void shouldGiveEveryStoreTheSameCacheAndSmallMemtables() {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options a = new Options(); Options b = new Options()) {
            a.setTableFormatConfig(new BlockBasedTableConfig());
            b.setTableFormatConfig(new BlockBasedTableConfig());
            setter.setConfig("series-state", a, Map.of());
            setter.setConfig("series-window", b, Map.of());

            assertEquals(2, a.maxWriteBufferNumber());
            assertEquals(8L << 20, a.writeBufferSize());
            assertTrue(((BlockBasedTableConfig) a.tableFormatConfig()).cacheIndexAndFilterBlocks());
            setter.close("series-state", a);
            setter.close("series-window", b);
        }
    }

    @Test
    void shouldBeTheStreamsDefaultUnlessReplaced() {
        assertEquals(BoundedRocksDbMemory.class.getName(), AppConfig.fromProperties(new java.util.Properties())
                .toStreamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        java.util.Properties own = new java.util.Properties();
        own.setProperty("rocksdb.config.setter", Mine.class.getName());
        assertEquals(Mine.class.getName(), AppConfig.fromProperties(own).toStreamsProperties()
                .get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
    }

    /** A user's own setter. */
    public static final class Mine implements org.apache.kafka.streams.state.RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        }

        @Override
        public void close(String storeName, Options options) {
        }
    }
}
