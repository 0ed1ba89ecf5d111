package io.lstmstreams.stream;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Makes the {@link ModelUpdateProcessor}s of the global models store. */
final class ModelUpdateProcessorSupplier implements ProcessorSupplier<String, byte[], Void, Void> {
    private final String storeName;
    private final ModelDecoder decoder;
    private final ModelHolder models;
    private final EngineConfig engineConfig;
    private final StreamCounters counters;
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    ModelUpdateProcessorSupplier(String storeName, ModelDecoder decoder, ModelHolder models,
            EngineConfig engineConfig, StreamCounters counters) {
        this.storeName = storeName;
        this.decoder = decoder;
        this.models = models;
        this.engineConfig = engineConfig;
        this.counters = counters;
    }

    @Override
    public Processor<String, byte[], Void, Void> get() {
        return new ModelUpdateProcessor(storeName, decoder, models, engineConfig, counters, logged);
    }

    /**
     * Model name → artefact bytes. No changelog: the compacted models topic is its changelog, as for
     * every global store.
     */
    static StoreBuilder<KeyValueStore<String, byte[]>> modelsStore(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled();
    }
}
