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
import io.lstmstreams.event.Observation;
import io.lstmstreams.event.ObservationParser;
import java.util.ArrayList;
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
        context.setRecordMetadata("lstm.events", 3, 42);
    }

    private ForecastProcessor processor(EngineStep step) {
        ForecastProcessor processor = new ForecastProcessor(STORE, new ObservationParser(),
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
        ForecastProcessor processor = new ForecastProcessor(STORE, new ObservationParser(),
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
