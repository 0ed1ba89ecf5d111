package io.lstmstreams.stream;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.ObservationParser;
import java.util.function.Supplier;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;

/**
 * The one place the stream's topology is built; the app, the tests and the backtest all call
 * {@link #build}.
 * <pre>
 *   events ─► ForecastProcessor [series-state, series-window] ─┬─► forecasts
 *                                                               ├─► events.dlq
 *                                                               └─► segments
 *   models ─► ModelUpdateProcessor [models, global] ─► ModelHolder (shared with the engines)
 * </pre>
 * Built with the Processor API because one processor feeds three topics of different types. Its
 * {@code addSource}/{@code addSink} take what {@code Consumed.with}/{@code Produced.with} carry
 * in the DSL, and every one of them is given explicitly: the serdes of the {@link Topic}, the
 * timestamp extractor and, for the input, where to start ({@code earliest}: a new application
 * forecasts from the start of the events it finds, it does not skip them).
 */
public final class ForecastTopology {
    /** Key state per series: series id → {@link SeriesStateCodec} bytes. */
    public static final String SERIES_STATE_STORE = "series-state";
    /** Key-value store of the sealed chunks of every key's observation window: {@link WindowChunkKey} → bytes. */
    public static final String SERIES_WINDOW_STORE = "series-window";
    /** Global store of model artefacts: model name → bytes. */
    public static final String MODELS_STORE = "models";

    static final String EVENTS_SOURCE = "events-source";
    static final String FORECAST_PROCESSOR = "forecast-processor";
    static final String MODELS_SOURCE = "models-source";
    static final String MODELS_PROCESSOR = "models-updater";

    private ForecastTopology() {
    }

    /**
     * The production topology: one {@link ForecastEngine} per processor instance over the shared
     * {@code models} holder.
     *
     * @throws IllegalArgumentException if the current model's input or output size does not fit
     *     {@code engineConfig}
     *
     * @param topics names and serdes of every topic
     * @param engineConfig the engine's configuration (also checks that a new model fits it)
     * @param models the model in use, shared by all engines of this instance and updated from the
     *     models topic
     * @param decoder turns models-topic bytes into a model
     * @param counters what happens, counted; also the engines' {@link io.lstmstreams.engine.ScoreListener}
     */
    public static Topology build(Topics topics, EngineConfig engineConfig, ModelHolder models, ModelDecoder decoder,
            StreamCounters counters) {
        // fail here, at start, if the initial model does not fit the configuration, rather than in
        // every stream task's init
        new ForecastEngine(engineConfig, models);
        Supplier<EngineStep> engines = () -> {
            ForecastEngine engine = new ForecastEngine(engineConfig, models, counters);
            return engine::process;
        };
        return build(topics, engineConfig, models, decoder, counters, engines);
    }

    /**
     * The topology with engines from {@code engines}, called once per processor instance; for
     * tests that need an engine that fails on purpose.
     */
    public static Topology build(Topics topics, EngineConfig engineConfig, ModelHolder models, ModelDecoder decoder,
            StreamCounters counters, Supplier<EngineStep> engines) {
        Topology topology = new Topology();
        RecordOrPartitionTime timestamps = new RecordOrPartitionTime();
        topology.addSource(AutoOffsetReset.earliest(), EVENTS_SOURCE, timestamps,
                topics.events().keySerde().deserializer(), topics.events().valueSerde().deserializer(),
                topics.events().name());
        topology.addProcessor(FORECAST_PROCESSOR, new ForecastProcessorSupplier(SERIES_STATE_STORE, SERIES_WINDOW_STORE,
                new ObservationParser(), new SeriesStateCodec(engineConfig), engines, counters), EVENTS_SOURCE);
        topology.addSink(ForecastProcessor.FORECASTS_CHILD, topics.forecasts().name(),
                topics.forecasts().keySerde().serializer(), topics.forecasts().valueSerde().serializer(),
                FORECAST_PROCESSOR);
        topology.addSink(ForecastProcessor.DEAD_LETTERS_CHILD, topics.deadLetters().name(),
                topics.deadLetters().keySerde().serializer(), topics.deadLetters().valueSerde().serializer(),
                FORECAST_PROCESSOR);
        topology.addSink(ForecastProcessor.SEGMENTS_CHILD, topics.segments().name(),
                topics.segments().keySerde().serializer(), topics.segments().valueSerde().serializer(),
                FORECAST_PROCESSOR);
        topology.addGlobalStore(ModelUpdateProcessorSupplier.modelsStore(MODELS_STORE), MODELS_SOURCE, timestamps,
                topics.models().keySerde().deserializer(), topics.models().valueSerde().deserializer(),
                topics.models().name(), MODELS_PROCESSOR,
                new ModelUpdateProcessorSupplier(MODELS_STORE, decoder, models, engineConfig, counters));
        return topology;
    }
}
