package io.lstmstreams.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The baseline the forecasting topology is measured against: the same source (raw bytes, from
 * earliest), one processor that reads the key's entry from a store built exactly like the
 * forecaster's key-state store (RocksDB, changelogged, cached, String → bytes), writes back a
 * 16-byte state (event count and record time), and forwards the value unchanged to one sink.
 * Everything but the forecasting work itself: no JSON, no engine, no big state, no second output.
 */
final class PassthroughTopology {
    static final String STORE = "passthrough-state";
    private static final String SOURCE = "events-source";
    private static final String PROCESSOR = "passthrough";
    private static final String SINK = "passthrough-sink";

    private PassthroughTopology() {
    }

    static Topology build(String eventsTopic, String outputTopic, RunProgress progress) {
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer(), eventsTopic);
        topology.addProcessor(PROCESSOR, new Supplier(progress), SOURCE);
        topology.addSink(SINK, outputTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        return topology;
    }

    /** Same shape as the forecaster's {@code series-state} store. */
    static StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of())
                .withCachingEnabled();
    }

    private record Supplier(RunProgress progress) implements ProcessorSupplier<byte[], byte[], String, byte[]> {
        @Override
        public Processor<byte[], byte[], String, byte[]> get() {
            return new PassthroughProcessor(progress);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(store());
        }
    }

    private static final class PassthroughProcessor implements Processor<byte[], byte[], String, byte[]> {
        private final RunProgress progress;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        PassthroughProcessor(RunProgress progress) {
            this.progress = progress;
        }

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            progress.recordStarted();
            String key = new String(record.key(), StandardCharsets.UTF_8);
            byte[] previous = store.get(key);
            long count = previous == null ? 0 : ByteBuffer.wrap(previous).getLong();
            store.put(key, ByteBuffer.allocate(16).putLong(count + 1).putLong(record.timestamp()).array());
            context.forward(record.withKey(key));
            progress.recordDone();
        }
    }
}
