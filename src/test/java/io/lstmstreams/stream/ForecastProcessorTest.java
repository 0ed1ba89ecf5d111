package io.lstmstreams.stream;

import static io.lstmstreams.stream.StreamFixtures.T0;
import static io.lstmstreams.stream.StreamFixtures.event;
import static io.lstmstreams.stream.StreamFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.ForecastJson;
import io.lstmstreams.event.Observation;
import io.lstmstreams.event.ObservationParser;
import io.lstmstreams.training.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone, on a {@link MockProcessorContext} with an in-memory store. */
class ForecastProcessorTest {
    private static final String STORE = "series-state";
    private static final String WINDOW_STORE = "series-window";

    private final EngineConfig config = StreamFixtures.engineConfig();
    private final ModelHolder models = StreamFixtures.holder(config);
    private final InMemoryStreamCounters counters = new InMemoryStreamCounters();
    private MockProcessorContext<Object, Object> context;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        KeyValueStore<String, byte[]> windowStore = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(WINDOW_STORE), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        windowStore.init(context.getStateStoreContext(), windowStore);
        context.addStateStore(windowStore);
        context.setRecordMetadata("lstm.events", 3, 42);
    }

    private ForecastProcessor processor(EngineStep step) {
        ForecastProcessor processor = new ForecastProcessor(STORE, WINDOW_STORE, new ObservationParser(),
                new SeriesStateCodec(config), () -> step, counters);
        processor.init(context);
        return processor;
    }

    private EngineStep realEngine() {
        return new ForecastEngine(config, models)::process;
    }

    @Test
    void shouldForwardForecastsAndDeadLettersToTheirNamedChildren() {
        ForecastProcessor processor = processor(realEngine());
        processor.process(new Record<>(utf8("a"), event(0), T0));
        processor.process(new Record<>(utf8("a"), utf8("oops"), T0));

        assertEquals(1, context.forwarded(ForecastProcessor.FORECASTS_CHILD).size());
        List<CapturedForward<?, ?>> dead = List.copyOf(context.forwarded(ForecastProcessor.DEAD_LETTERS_CHILD));
        assertEquals(1, dead.size());
        RecordHeaders headers = (RecordHeaders) dead.get(0).record().headers();
        assertEquals("3", DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_PARTITION));
        assertEquals("42", DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals(2, context.forwarded().size());
    }

    @Test
    void shouldTimeEveryHandledRecordAndHandOverEachForecastWithItsObservation() {
        ForecastsMade made = new ForecastsMade();
        ForecastProcessor processor = new ForecastProcessor(STORE, WINDOW_STORE, new ObservationParser(),
                new SeriesStateCodec(config), this::realEngine, made);
        processor.init(context);
        processor.process(new Record<>(utf8("a"), event(0), T0));
        processor.process(new Record<>(utf8("a"), utf8("oops"), T0));

        assertEquals(2, made.timed, "forecasts and dead letters are both timed");
        assertTrue(made.nanos > 0);
        assertEquals(List.of("a@" + T0 + "=" + T0), made.made);
    }

    /** Records the value-carrying hooks; the plain counts are ignored. */
    private static final class ForecastsMade implements StreamCounters {
        final List<String> made = new ArrayList<>();
        long timed;
        long nanos;

        @Override
        public void eventProcessed(long n) {
            timed++;
            nanos += n;
        }

        @Override
        public void forecastMade(Observation observation, Forecast f) {
            made.add(observation.seriesId() + "@" + observation.timestamp() + "=" + f.originTimestamp());
        }
    }

    @Test
    void shouldForecastTheSameWhetherTheStateIsTakenAsStoredOrDecodedAgain() {
        ForecastProcessor remembering = processor(realEngine());
        List<String> remembered = forecastsOfKeyA(remembering, context, false);

        setUp();
        ForecastProcessor decoding = processor(realEngine());
        List<String> decoded = forecastsOfKeyA(decoding, context, true);

        assertEquals(60 + 13, remembered.size(), "60 forecasts and a segment every 4 events from event 12");
        assertEquals(remembered, decoded);
    }

    /** Sixty events of key a; with {@code copyStored}, the stored bytes are replaced by an equal copy after each. */
    private static List<String> forecastsOfKeyA(ForecastProcessor processor, MockProcessorContext<Object, Object> ctx,
            boolean copyStored) {
        KeyValueStore<String, byte[]> store = ctx.getStateStore(STORE);
        for (int i = 0; i < 60; i++) {
            processor.process(new Record<>(utf8("a"), event(i), T0 + i));
            if (copyStored) {
                store.put("a", store.get("a").clone());
            }
        }
        List<String> out = new ArrayList<>();
        ctx.forwarded(ForecastProcessor.FORECASTS_CHILD)
                .forEach(f -> out.add(ForecastJson.toJson((Forecast) f.record().value())));
        // segments are cut from the window, so they show that the chunks gave back the same window
        try (SegmentSerde serde = new SegmentSerde()) {
            ctx.forwarded(ForecastProcessor.SEGMENTS_CHILD).forEach(f -> out.add(Arrays.toString(
                    serde.serializer().serialize("segments", (Segment) f.record().value()))));
        }
        return out;
    }

    @Test
    void shouldReadWhatTheStoreHoldsNotWhatTheProcessorLastWrote() {
        ForecastProcessor processor = processor(realEngine());
        for (int i = 0; i < 10; i++) {
            processor.process(new Record<>(utf8("a"), event(i), T0 + i));
        }
        KeyValueStore<String, byte[]> store = context.getStateStore(STORE);
        byte[] corrupt = store.get("a").clone();
        corrupt[corrupt.length / 2] ^= 0x40;
        store.put("a", corrupt);

        processor.process(new Record<>(utf8("a"), event(10), T0 + 10));

        assertEquals(1, counters.stateResets(), "the corrupt bytes were read, not the state decoded earlier");
    }

    @Test
    void shouldCountProcessingTimeInTheInMemoryCounters() {
        ForecastProcessor processor = processor(realEngine());
        processor.process(new Record<>(utf8("a"), event(0), T0));
        assertEquals(1, counters.eventsProcessed());
        assertTrue(counters.processingNanos() > 0);
    }

    @Test
    void shouldPropagateKafkaStreamsFailuresInsteadOfDeadLetteringGoodRecords() {
        ForecastProcessor processor = processor((state, observation) -> {
            throw new InvalidStateStoreException("store is closing for a rebalance");
        });
        assertThrows(InvalidStateStoreException.class,
                () -> processor.process(new Record<>(utf8("a"), event(0), T0)));
        assertTrue(context.forwarded().isEmpty());
        assertEquals(0, counters.deadLettersTotal());
    }

    @Test
    void shouldDeadLetterAnEngineThatReturnsGarbage() {
        // a null result is a bug in the step, not in Kafka: the record goes to the DLQ
        ForecastProcessor processor = processor((state, observation) -> null);
        processor.process(new Record<>(utf8("a"), event(0), T0));
        assertEquals(1, context.forwarded(ForecastProcessor.DEAD_LETTERS_CHILD).size());
        assertEquals(1, counters.deadLetters(ForecastProcessor.PROCESSING_ERROR));
    }

    @Test
    void shouldReplaceStaleErrorHeadersWhenADeadLetterIsReplayed() {
        ForecastProcessor processor = processor(realEngine());
        RecordHeaders replayed = new RecordHeaders();
        replayed.add(DeadLetterHeaders.REASON, utf8("duplicate"));
        replayed.add(DeadLetterHeaders.SOURCE_OFFSET, utf8("7"));
        processor.process(new Record<>(utf8("a"), utf8("{\"value\": true}"), T0, replayed));

        RecordHeaders headers = (RecordHeaders) context.forwarded().get(0).record().headers();
        List<Header> reasons = new ArrayList<>();
        headers.headers(DeadLetterHeaders.REASON).forEach(reasons::add);
        assertEquals(1, reasons.size());
        assertEquals("not_a_number", DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON));
        assertEquals("42", DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals("duplicate", DeadLetterHeaders.text(replayed, DeadLetterHeaders.REASON),
                "the input record's headers are not modified");
    }
}
