package io.lstmstreams.bench;

import io.lstmstreams.engine.ForecastEngine;
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
 * The baselines the forecasting topology is measured against: the same source (raw bytes, from
 * earliest), one processor that reads the key's entry from a store built exactly like the
 * forecaster's key-state store (RocksDB, changelogged, cached, String → bytes), writes a state
 * back and forwards to a sink. Two shapes:
 * <ul>
 * <li>{@link Shape#SMALL}, the passthrough: a 16-byte state (event count and record time), the
 * value forwarded unchanged; everything but the forecasting work;</li>
 * <li>{@link Shape#IO_TWIN}: no computing either, but the forecaster's bytes: a state of 1,000
 * bytes plus 5 per observation not yet in a sealed window chunk, a 180-byte chunk written under a
 * second key of the store every {@value #TWIN_CHUNK} events (and the one before the window
 * deleted), a 640-byte output per event, and a 3,880-byte record to a second topic every
 * {@value #TWIN_SEGMENT_EVERY} events of a key, at the key's own phase as the engine cuts them, from
 * event {@value #TWIN_FIRST_SEGMENT} on (the default engine's sizes, measured by the benchmark's breakdown). Forecasting minus twin is the
 * cost of computing; twin minus passthrough, the cost of moving the forecaster's bytes.</li>
 * </ul>
 */
final class PassthroughTopology {
    static final String STORE = "passthrough-state";
    private static final String SOURCE = "events-source";
    private static final String PROCESSOR = "passthrough";
    private static final String SINK = "passthrough-sink";
    private static final String SECOND_SINK = "passthrough-second-sink";
    // the twin's sizes; system properties bench.twin.* change them, to see which bytes cost most
    static final int TWIN_STATE_FIXED = Integer.getInteger("bench.twin.state-fixed", 1000);
    static final int TWIN_BYTES_PER_OBSERVATION = Integer.getInteger("bench.twin.per-observation", 5);
    static final int TWIN_CHUNK = 32;
    static final int TWIN_CHUNK_BYTES = 180;
    static final int TWIN_WINDOW_CHUNKS = 14;
    static final int TWIN_FORECAST_BYTES = Integer.getInteger("bench.twin.forecast", 640);
    static final int TWIN_SEGMENT_BYTES = Integer.getInteger("bench.twin.segment", 3880);
    static final int TWIN_SEGMENT_EVERY = 16;
    static final int TWIN_FIRST_SEGMENT = 80;
    /** Incompressible filler, so that no layer gets the twin's bytes cheaper than real ones. */
    private static final byte[] FILLER = filler(TWIN_STATE_FIXED + TWIN_BYTES_PER_OBSERVATION * TWIN_CHUNK
            + TWIN_SEGMENT_BYTES + TWIN_FORECAST_BYTES);

    /** What the processor writes. */
    enum Shape { SMALL, IO_TWIN }

    private PassthroughTopology() {
    }

    /** @param secondTopic where the twin's segment-sized records go; unused by {@link Shape#SMALL} */
    static Topology build(Shape shape, String eventsTopic, String outputTopic, String secondTopic,
            RunProgress progress) {
        Topology topology = new Topology();
        topology.addSource(AutoOffsetReset.earliest(), SOURCE, Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer(), eventsTopic);
        topology.addProcessor(PROCESSOR, new Supplier(shape, progress), SOURCE);
        topology.addSink(SINK, outputTopic, Serdes.String().serializer(), Serdes.ByteArray().serializer(),
                PROCESSOR);
        if (shape == Shape.IO_TWIN) {
            topology.addSink(SECOND_SINK, secondTopic, Serdes.String().serializer(),
                    Serdes.ByteArray().serializer(), PROCESSOR);
        }
        return topology;
    }

    /** Same shape as the forecaster's {@code series-state} store. */
    static StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of())
                .withCachingEnabled();
    }

    private static byte[] filler(int n) {
        byte[] bytes = new byte[n];
        new java.util.Random(42).nextBytes(bytes);
        return bytes;
    }

    private record Supplier(Shape shape, RunProgress progress)
            implements ProcessorSupplier<byte[], byte[], String, byte[]> {
        @Override
        public Processor<byte[], byte[], String, byte[]> get() {
            return new PassthroughProcessor(shape, progress);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(store());
        }
    }

    private static final class PassthroughProcessor implements Processor<byte[], byte[], String, byte[]> {
        private final Shape shape;
        private final RunProgress progress;
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> store;

        PassthroughProcessor(Shape shape, RunProgress progress) {
            this.shape = shape;
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
            long count = (previous == null ? 0 : ByteBuffer.wrap(previous).getLong()) + 1;
            if (shape == Shape.SMALL) {
                store.put(key, ByteBuffer.allocate(16).putLong(count).putLong(record.timestamp()).array());
                context.forward(record.withKey(key), SINK);
            } else {
                int size = TWIN_STATE_FIXED + TWIN_BYTES_PER_OBSERVATION * (int) (count % TWIN_CHUNK);
                store.put(key, blob(size, count));
                progress.stateWritten(size);
                if (count % TWIN_CHUNK == 0) {
                    long chunk = count / TWIN_CHUNK - 1;
                    store.put(key + '\u0000' + chunk, blob(TWIN_CHUNK_BYTES, count));
                    progress.stateWritten(TWIN_CHUNK_BYTES);
                    if (chunk >= TWIN_WINDOW_CHUNKS) {
                        store.delete(key + '\u0000' + (chunk - TWIN_WINDOW_CHUNKS));
                    }
                }
                context.forward(record.withKey(key).withValue(blob(TWIN_FORECAST_BYTES, count)), SINK);
                if (TWIN_SEGMENT_BYTES > 0 && count >= TWIN_FIRST_SEGMENT
                        && (count + ForecastEngine.segmentPhase(key, TWIN_SEGMENT_EVERY)) % TWIN_SEGMENT_EVERY == 0) {
                    context.forward(record.withKey(key).withValue(blob(TWIN_SEGMENT_BYTES, count)), SECOND_SINK);
                    progress.segmentOut();
                }
            }
            progress.recordDone();
        }

        /** {@code size} bytes (at least 8): the count, then filler. */
        private static byte[] blob(int size, long count) {
            byte[] bytes = new byte[Math.max(8, size)];
            System.arraycopy(FILLER, 0, bytes, 8, bytes.length - 8);
            ByteBuffer.wrap(bytes).putLong(count);
            return bytes;
        }
    }
}
