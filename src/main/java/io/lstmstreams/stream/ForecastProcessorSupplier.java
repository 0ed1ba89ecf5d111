package io.lstmstreams.stream;

import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.ObservationParser;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Makes one {@link ForecastProcessor} per stream task and declares the stores they use (key states
 * and window chunks), so that the topology connects them without a separate {@code addStateStore}.
 */
final class ForecastProcessorSupplier implements ProcessorSupplier<byte[], byte[], Object, Object> {
    private final String storeName;
    private final String windowStoreName;
    private final ObservationParser parser;
    private final SeriesStateCodec codec;
    private final Supplier<EngineStep> engines;
    private final StreamCounters counters;

    ForecastProcessorSupplier(String storeName, String windowStoreName, ObservationParser parser,
            SeriesStateCodec codec, Supplier<EngineStep> engines, StreamCounters counters) {
        this.storeName = storeName;
        this.windowStoreName = windowStoreName;
        this.parser = parser;
        this.codec = codec;
        this.engines = engines;
        this.counters = counters;
    }

    @Override
    public Processor<byte[], byte[], Object, Object> get() {
        return new ForecastProcessor(storeName, windowStoreName, parser, codec, engines, counters);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(seriesStateStore(storeName), windowChunkStore(windowStoreName));
    }

    /**
     * Chunk key → window chunk, in RocksDB and changelogged like the key states but not cached: a
     * chunk is written once, deleted once and read only when a key state is decoded (a record-cache
     * miss), so cached chunks would only take room the hot key states need.
     */
    static StoreBuilder<KeyValueStore<String, byte[]>> windowChunkStore(String name) {
        return changelogged(name).withCachingDisabled();
    }

    /**
     * Series id → encoded key state, in RocksDB, changelogged (a lost machine's keys are restored on
     * another instance) and cached (a hot key is read from memory and written to the changelog
     * once per commit, not once per event).
     */
    static StoreBuilder<KeyValueStore<String, byte[]>> seriesStateStore(String name) {
        return changelogged(name).withCachingEnabled();
    }

    private static StoreBuilder<KeyValueStore<String, byte[]>> changelogged(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of());
    }
}
