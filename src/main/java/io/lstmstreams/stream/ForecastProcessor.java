package io.lstmstreams.stream;

import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.engine.StateFormatException;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.engine.WindowChunkCodec;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.event.ObservationParser;
import io.lstmstreams.event.ParseResult;
import io.lstmstreams.event.Rejection;
import io.lstmstreams.training.Segment;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per input record: parse it, step the key's state through the engine, and send the result to
 * exactly one of two places: a forecast to {@link #FORECASTS_CHILD} (plus, every k1 events, a
 * segment to {@link #SEGMENTS_CHILD}), or the original bytes to {@link #DEAD_LETTERS_CHILD} with
 * a reason. So forecasts + dead letters = inputs, always.
 *
 * <p>Work happens in two phases. First everything that depends on the record alone is computed
 * without side effects (parse, decode state, engine step, encode state); an exception there is the
 * record's fault (a poison record) and sends it to the DLQ as {@value #PROCESSING_ERROR}, so one
 * bad record never stops the stream thread. Then the outcome is applied (store write, forwards);
 * failures there are the infrastructure's (store, producer, a rebalance) and propagate to Kafka
 * Streams, as do Kafka Streams' own exceptions from the first phase: sending good records to the
 * DLQ because a store is closing would lose them.
 */
public final class ForecastProcessor implements Processor<byte[], byte[], Object, Object> {
    /** Child node names the topology must give the sinks. */
    public static final String FORECASTS_CHILD = "forecasts-sink";
    public static final String DEAD_LETTERS_CHILD = "dead-letters-sink";
    public static final String SEGMENTS_CHILD = "segments-sink";
    /** DLQ reason of a record whose processing threw. */
    public static final String PROCESSING_ERROR = "processing_error";

    private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

    private final String storeName;
    private final String windowStoreName;
    private final ObservationParser parser;
    private final SeriesStateCodec codec;
    private final WindowChunkCodec chunks;
    private final Supplier<EngineStep> engineFactory;
    private final StreamCounters counters;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, byte[]> store;
    private KeyValueStore<String, byte[]> windowStore;
    private EngineStep engine;
    private final DecodedStates decoded = new DecodedStates();

    /**
     * @param storeName the key-value store of key states (series id → codec bytes)
     * @param windowStoreName the key-value store of the keys' sealed window chunks
     * @param parser turns raw records into observations
     * @param codec encodes and decodes key states
     * @param engineFactory called once, in {@link #init}: the engine is not thread-safe
     * @param counters what happened, counted
     */
    public ForecastProcessor(String storeName, String windowStoreName, ObservationParser parser,
            SeriesStateCodec codec, Supplier<EngineStep> engineFactory, StreamCounters counters) {
        this.storeName = storeName;
        this.windowStoreName = windowStoreName;
        this.parser = parser;
        this.codec = codec;
        this.chunks = codec.chunks();
        this.engineFactory = engineFactory;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.windowStore = context.getStateStore(windowStoreName);
        this.engine = engineFactory.get();
        decoded.clear();
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long start = System.nanoTime();
        counters.eventIn();
        Outcome outcome;
        try {
            outcome = decide(record);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            outcome = poisoned(record, e);
        }
        apply(record, outcome);
        // timed only when the record was handled: a propagated failure is retried and timed then
        counters.eventProcessed(System.nanoTime() - start);
    }

    /** Phase one: what this record leads to, with no side effects outside this method. */
    private Outcome decide(Record<byte[], byte[]> record) {
        ParseResult parsed = parser.parse(record.key(), record.value(), record.timestamp());
        if (parsed instanceof Rejection rejection) {
            return Outcome.rejected(rejection.code(), rejection.detail());
        }
        Observation observation = parsed.observation();
        String key = observation.seriesId();
        byte[] stored = store.get(key);
        StepResult result = engine.process(decodeOrFresh(key, stored), observation);
        if (result.isRejected()) {
            return Outcome.rejected(result.rejection(), result.detail());
        }
        SeriesState state = result.state();
        long sealed = chunks.sealedBy(state);
        byte[] chunk = sealed >= 0 ? chunks.encode(state, sealed) : null;
        return new Outcome(key, codec.encode(state), state, sealed, chunk, chunks.expiredBy(state),
                stored == null, observation, result.forecast(), result.segment(), null, null);
    }

    /** The stored state, or null (a fresh start) when there is none or it cannot be read. */
    private SeriesState decodeOrFresh(String key, byte[] stored) {
        if (stored == null) {
            return null;
        }
        SeriesState known = decoded.take(stored);
        if (known != null) {
            return known;
        }
        try {
            return codec.decode(stored, number -> windowStore.get(WindowChunkKey.of(key, number)));
        } catch (StateFormatException e) {
            // losing one key's history beats stopping every key of the partition; the reset is counted
            counters.stateReset();
            LOG.warn("state of key '{}' ({} bytes) cannot be decoded, starting it afresh: {}", key, stored.length,
                    e.getMessage());
            return null;
        }
    }

    private Outcome poisoned(Record<byte[], byte[]> record, RuntimeException e) {
        String detail = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        LOG.warn("record at {} failed and goes to the DLQ: {}", where(), detail);
        LOG.debug("stack trace of the failed record", e);
        return Outcome.rejected(PROCESSING_ERROR, detail);
    }

    /** Phase two: store and forward. */
    private void apply(Record<byte[], byte[]> record, Outcome outcome) {
        if (outcome.reason() != null) {
            context.forward(record.withHeaders(DeadLetterHeaders.of(record.headers(), outcome.reason(),
                    outcome.detail(), context.recordMetadata())), DEAD_LETTERS_CHILD);
            counters.deadLettered(outcome.reason());
            return;
        }
        store.put(outcome.key(), outcome.state());
        int written = outcome.state().length;
        if (outcome.chunk() != null) {
            windowStore.put(WindowChunkKey.of(outcome.key(), outcome.sealedChunk()), outcome.chunk());
            written += outcome.chunk().length;
        }
        if (outcome.expiredChunk() >= 0) {
            windowStore.delete(WindowChunkKey.of(outcome.key(), outcome.expiredChunk()));
        }
        decoded.remember(outcome.state(), outcome.decodedState());
        counters.stateWritten(written);
        if (outcome.newKey()) {
            counters.keyCreated();
        }
        // outputs keep the input record's timestamp and headers (the Kafka Streams convention): the
        // event time travels in the payload, and a replayed old event must not age out at once
        context.forward(record.withKey(outcome.key()).withValue(outcome.forecast()), FORECASTS_CHILD);
        counters.forecastOut();
        counters.forecastMade(outcome.observation(), outcome.forecast());
        if (outcome.segment() != null) {
            context.forward(record.withKey(outcome.key()).withValue(outcome.segment()), SEGMENTS_CHILD);
            counters.segmentOut();
        }
    }

    private String where() {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(no source)");
    }

    /**
     * Either a forecast (with state to store, maybe a window chunk sealed and one expired, maybe a
     * segment) or a DLQ reason.
     */
    private record Outcome(String key, byte[] state, SeriesState decodedState, long sealedChunk, byte[] chunk,
            long expiredChunk, boolean newKey, Observation observation, Forecast forecast, Segment segment,
            String reason, String detail) {
        static Outcome rejected(String reason, String detail) {
            return new Outcome(null, null, null, -1, null, -1, false, null, null, null, reason, detail);
        }
    }
}
