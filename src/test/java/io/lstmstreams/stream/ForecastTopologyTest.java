package io.lstmstreams.stream;

import static io.lstmstreams.stream.StreamFixtures.STEP;
import static io.lstmstreams.stream.StreamFixtures.T0;
import static io.lstmstreams.stream.StreamFixtures.event;
import static io.lstmstreams.stream.StreamFixtures.eventAt;
import static io.lstmstreams.stream.StreamFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.training.Segment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole topology under {@link TopologyTestDriver}: no broker, explicit record timestamps. */
class ForecastTopologyTest {
    private static final Topics TOPICS = Topics.withDefaultPrefix();

    @TempDir
    Path stateDir;

    private final EngineConfig config = StreamFixtures.engineConfig();
    private final ModelHolder models = StreamFixtures.holder(config);
    private final InMemoryStreamCounters counters = new InMemoryStreamCounters();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> events;
    private TestInputTopic<String, byte[]> modelRecords;
    private TestOutputTopic<String, Forecast> forecasts;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, Segment> segments;

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start() {
        start(() -> {
            ForecastEngine engine = new ForecastEngine(config, models);
            return engine::process;
        });
    }

    private void start(Supplier<EngineStep> engines) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "forecast-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        driver = new TopologyTestDriver(ForecastTopology.build(TOPICS, config, models,
                StreamFixtures.fakeDecoder(config), counters, engines), props);
        events = driver.createInputTopic(TOPICS.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        modelRecords = driver.createInputTopic(TOPICS.models().name(), new StringSerializer(),
                new ByteArraySerializer());
        forecasts = driver.createOutputTopic(TOPICS.forecasts().name(), new StringDeserializer(),
                TOPICS.forecasts().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters().name(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        segments = driver.createOutputTopic(TOPICS.segments().name(), new StringDeserializer(),
                TOPICS.segments().valueSerde().deserializer());
    }

    /** Pipes event i of {@code key} with record time = event time. */
    private void pipe(String key, int i) {
        events.pipeInput(utf8(key), event(i), Instant.ofEpochMilli(T0 + i * STEP));
    }

    private void pipe(String key, byte[] value) {
        events.pipeInput(utf8(key), value, Instant.ofEpochMilli(T0));
    }

    @Test
    void shouldEmitOneForecastPerValidEvent() {
        start();
        for (int i = 0; i < 10; i++) {
            pipe("a", i);
            pipe("b", i);
        }
        List<TestRecord<String, Forecast>> out = forecasts.readRecordsToList();
        assertEquals(20, out.size());
        assertTrue(deadLetters.isEmpty());
        for (int i = 0; i < 10; i++) {
            Forecast a = out.get(2 * i).value();
            assertEquals("a", out.get(2 * i).key());
            assertEquals("a", a.seriesId());
            assertEquals(T0 + i * STEP, a.originTimestamp());
            assertEquals(T0 + i * STEP, out.get(2 * i).timestamp(), "forecasts keep the input record's time");
            assertEquals(config.horizon(), a.horizon());
            assertEquals(0, a.modelVersion());
            assertEquals("b", out.get(2 * i + 1).key());
        }
        assertEquals(20, counters.eventsIn());
        assertEquals(20, counters.forecastsOut());
        assertEquals(2, counters.keysCreated());
    }

    @Test
    void shouldSendMalformedJsonToDlqWithReasonAndOriginalBytes() {
        start();
        byte[] key = utf8("a");
        byte[] value = utf8("{\"ts\": 1704067200000, \"value\": 12.5");
        Headers original = new RecordHeaders().add("trace-id", utf8("t-1"));
        events.pipeInput(new TestRecord<>(key, value, original, Instant.ofEpochMilli(T0)));

        assertTrue(forecasts.isEmpty());
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertArrayEquals(key, dead.key());
        assertArrayEquals(value, dead.value());
        assertEquals(T0, dead.timestamp());
        Headers headers = dead.headers();
        assertEquals("malformed_json", DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON));
        assertTrue(DeadLetterHeaders.text(headers, DeadLetterHeaders.DETAIL).contains("line 1"),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.DETAIL));
        assertEquals(TOPICS.events().name(), DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_TOPIC));
        assertEquals("0", DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_PARTITION));
        assertEquals("0", DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals("t-1", DeadLetterHeaders.text(headers, "trace-id"), "the producer's headers stay");
        assertEquals(1, counters.deadLetters("malformed_json"));
    }

    @Test
    void shouldSendRecordsWithoutKeyOrValueToDlqUntouched() {
        start();
        events.pipeInput(new TestRecord<>(null, utf8("{\"value\":1}"), Instant.ofEpochMilli(T0)));
        events.pipeInput(new TestRecord<>(utf8("a"), null, Instant.ofEpochMilli(T0)));

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        assertNull(dead.get(0).key());
        assertEquals("missing_key", DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.REASON));
        assertNull(dead.get(1).value());
        assertEquals("missing_value", DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.REASON));
        assertEquals("1", DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET));
    }

    @Test
    void shouldSendDuplicateAndOutOfOrderToDlq() {
        start();
        pipe("a", 5);
        pipe("a", 5);
        pipe("a", 4);
        pipe("a", 6);

        assertEquals(2, forecasts.readRecordsToList().size());
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        assertEquals("duplicate", DeadLetterHeaders.text(dead.get(0).headers(), DeadLetterHeaders.REASON));
        assertEquals("out_of_order", DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.REASON));
        assertArrayEquals(event(4), dead.get(1).value());
        assertEquals("2", DeadLetterHeaders.text(dead.get(1).headers(), DeadLetterHeaders.SOURCE_OFFSET));
        assertEquals(1, counters.deadLetters("duplicate"));
        assertEquals(1, counters.deadLetters("out_of_order"));
    }

    @Test
    void shouldAccountForEveryInput() {
        start();
        List<byte[]> bad = List.of(utf8("not json"), utf8("[1,2]"), utf8("{\"value\":\"12\"}"),
                utf8("{\"value\":NaN}"), utf8("{\"ts\":\"yesterday\",\"value\":1}"), new byte[] {(byte) 0xC3, 0x28},
                utf8("{\"values\":[1,2]}"), utf8("{}"));
        int inputs = 0;
        int good = 0;
        for (int i = 0; i < 40; i++) {
            String key = "k" + (i % 4);
            pipe(key, i);
            good++;
            if (i % 5 == 0) {
                pipe(key, bad.get((i / 5) % bad.size()));
            }
            if (i % 7 == 0) {
                pipe(key, i); // a duplicate of the event just sent
            }
            inputs = good + (i / 5 + 1) + (i / 7 + 1);
        }
        int forecastCount = forecasts.readRecordsToList().size();
        int deadCount = deadLetters.readRecordsToList().size();
        assertEquals(good, forecastCount);
        assertEquals(inputs, forecastCount + deadCount);
        assertEquals(inputs, counters.eventsIn());
        assertEquals(forecastCount, counters.forecastsOut());
        assertEquals(deadCount, counters.deadLettersTotal());
        assertEquals(6, counters.deadLetters("duplicate"), counters.toString());
        assertEquals(1, counters.deadLetters("wrong_value_count"), counters.toString());
    }

    @Test
    void shouldSendPoisonRecordToDlqAndKeepProcessing() {
        start(() -> {
            ForecastEngine engine = new ForecastEngine(config, models);
            return (state, observation) -> {
                if (observation.seriesId().equals("poison")) {
                    throw new IllegalStateException("kernel blew up on " + observation.seriesId());
                }
                return engine.process(state, observation);
            };
        });
        pipe("a", 0);
        pipe("poison", 0);
        pipe("a", 1);
        pipe("poison", 1);
        pipe("b", 0);

        List<TestRecord<String, Forecast>> out = forecasts.readRecordsToList();
        assertEquals(List.of("a", "a", "b"), out.stream().map(TestRecord::key).toList());
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertEquals(2, dead.size());
        for (TestRecord<byte[], byte[]> record : dead) {
            assertEquals(ForecastProcessor.PROCESSING_ERROR,
                    DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.REASON));
            assertEquals("IllegalStateException: kernel blew up on poison",
                    DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.DETAIL));
            assertArrayEquals(utf8("poison"), record.key());
        }
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ForecastTopology.SERIES_STATE_STORE);
        assertNull(store.get("poison"), "a failed record leaves no state behind");
        assertEquals(2, counters.keysCreated());
    }

    @Test
    void shouldKeepKeyStateInTheStore() {
        start();
        for (int i = 0; i < 7; i++) {
            pipe("a", i);
        }
        pipe("b", 0);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ForecastTopology.SERIES_STATE_STORE);
        SeriesStateCodec codec = new SeriesStateCodec(config);
        SeriesState a = codec.decode(store.get("a"));
        assertEquals(7, a.eventCount());
        assertEquals(T0 + 6 * STEP, a.lastTimestamp());
        assertEquals(0, a.modelVersion());
        assertEquals(1, codec.decode(store.get("b")).eventCount());
        assertNull(store.get("c"));
        assertEquals(8, counters.stateWrites());
        assertTrue(counters.stateBytesWritten() > 0);
    }

    @Test
    void shouldStartKeyAfreshWhenItsStateIsCorrupt() {
        start();
        pipe("a", 0);
        pipe("a", 1);
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ForecastTopology.SERIES_STATE_STORE);
        store.put("a", utf8("garbage, not a key state"));
        pipe("a", 2);

        assertEquals(3, forecasts.readRecordsToList().size());
        assertEquals(1, counters.stateResets());
        assertEquals(1, new SeriesStateCodec(config).decode(store.get("a")).eventCount());
    }

    @Test
    void shouldHotSwapModelFromModelsTopic() {
        start();
        pipe("a", 0);
        modelRecords.pipeInput("lstm", StreamFixtures.fakeArtefact(7, config.inputSize()), T0);
        pipe("a", 1);
        modelRecords.pipeInput("lstm", StreamFixtures.fakeArtefact(3, config.inputSize()), T0);
        pipe("a", 2);

        List<Long> versions = forecasts.readValuesToList().stream().map(Forecast::modelVersion).toList();
        assertEquals(List.of(0L, 7L, 7L), versions, "an older version is never put back");
        assertEquals(7, models.current().version());
        assertEquals(7, counters.modelVersion());
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ForecastTopology.MODELS_STORE);
        assertArrayEquals(StreamFixtures.fakeArtefact(7, config.inputSize()), store.get("lstm"),
                "the store keeps the model in use, not the older one published after it");
    }

    @Test
    void shouldRejectUnusableModelsAndKeepTheCurrentOne() {
        start();
        modelRecords.pipeInput("lstm", StreamFixtures.fakeArtefact(5, config.inputSize()), T0);
        modelRecords.pipeInput("lstm", utf8("not an artefact"), T0);
        modelRecords.pipeInput("lstm", StreamFixtures.fakeArtefact(9, config.inputSize() + 1), T0);
        pipe("a", 0);

        assertEquals(5, forecasts.readValue().modelVersion());
        // what a restart over the local state reads back: the model in use, not the last bad record
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(ForecastTopology.MODELS_STORE);
        assertArrayEquals(StreamFixtures.fakeArtefact(5, config.inputSize()), store.get("lstm"));
        assertEquals(Map.of(ModelRejection.UNKNOWN_FORMAT, 1L, ModelRejection.WRONG_SHAPE, 1L),
                counters.modelsRejectedByReason());
        assertEquals(1, counters.modelsInstalled());
    }

    @Test
    void shouldCountARejectedRecordOncePerDistinctRecord() {
        start();
        modelRecords.pipeInput("lstm", utf8("not an artefact"), T0);
        modelRecords.pipeInput("lstm", utf8("not an artefact"), T0);
        modelRecords.pipeInput("other", utf8("not an artefact"), T0);
        modelRecords.pipeInput("lstm", utf8("not an artefact either"), T0);
        modelRecords.pipeInput(null, utf8("no name"), T0);
        pipe("a", 0);

        assertEquals(0, forecasts.readValue().modelVersion());
        assertEquals(Map.of(ModelRejection.UNKNOWN_FORMAT, 3L, ModelRejection.NO_KEY, 1L),
                counters.modelsRejectedByReason());
    }

    @Test
    void shouldEmitSegmentsEveryK1Events() {
        start();
        // "d".hashCode() is 100: this key's segment phase is 0, so it cuts at multiples of k1
        assertEquals(0, ForecastEngine.segmentPhase("d", config.segmentEvery()));
        List<Integer> emittedAfter = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            pipe("d", i);
            if (!segments.isEmpty()) {
                Segment segment = segments.readValue();
                assertEquals("d", segment.seriesId());
                assertEquals(config.segmentSteps(), segment.steps());
                assertEquals(config.burnIn(), segment.lossFrom());
                assertEquals(config.inputSize(), segment.inputs()[0].length);
                assertEquals(config.horizon(), segment.targets()[0].length);
                emittedAfter.add(i + 1);
                assertTrue(segments.isEmpty());
            }
        }
        // k1 = 4; events 4 and 8 are too early for segment + horizon steps in the window
        assertEquals(List.of(12, 16, 20), emittedAfter);
        assertEquals(3, counters.segmentsOut());
        assertEquals(Map.of(), counters.deadLettersByReason());
    }

    @Test
    void shouldRefuseToBuildWhenTheInitialModelDoesNotFitTheConfig() {
        ModelHolder misfit = new ModelHolder(new ForecastModel(0,
                StreamFixtures.network(config.inputSize() + 2, 4, config.horizon(), 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ForecastTopology.build(TOPICS, config, misfit, StreamFixtures.fakeDecoder(config), counters));
        assertTrue(e.getMessage().contains("model v0 has input"), e.getMessage());
    }

    @Test
    void shouldReadTheEventTimeFromThePayloadNotTheRecord() {
        start();
        events.pipeInput(utf8("a"), eventAt(T0 + STEP, 1.0), Instant.ofEpochMilli(T0 + 99 * STEP));
        Forecast forecast = forecasts.readValue();
        assertNotNull(forecast);
        assertEquals(T0 + STEP, forecast.originTimestamp());
    }
}
