package io.lstmstreams.backtest;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.Retrainer;
import java.util.HashMap;
import java.util.Map;

/**
 * The stream's forecasting path without a broker: per-key states in memory, the same
 * {@link ForecastEngine}, segments into a {@link Retrainer} that retrains synchronously every
 * {@code retrainEveryEvents} events, and accepted models swapped in at once. Deterministic for a
 * given input and seed.
 */
public final class EngineForecaster implements Forecaster, AutoCloseable {
    private final EngineConfig config;
    private final ModelHolder models;
    private final ForecastEngine engine;
    private final Retrainer retrainer;
    private final Map<String, SeriesState> states = new HashMap<>();
    private long rejected;

    public EngineForecaster(EngineConfig config) {
        this.config = config;
        this.retrainer = new Retrainer(config, null, this::install);
        this.models = new ModelHolder(ArtefactModelDecoder.toModel(config, retrainer.champion()));
        this.engine = new ForecastEngine(config, models);
    }

    private void install(ModelArtefact artefact) {
        models.offer(ArtefactModelDecoder.toModel(config, artefact));
    }

    @Override
    public Forecast forecast(Observation observation) {
        StepResult result = engine.process(states.get(observation.seriesId()), observation);
        states.put(observation.seriesId(), result.state());
        if (result.segment() != null) {
            retrainer.offer(result.segment());
        }
        retrainer.onEvents(1);
        if (result.isRejected()) {
            rejected++;
            return null;
        }
        return result.forecast();
    }

    /** Training progress for the progress bar: the model in use and retrainings so far. */
    @Override
    public String status() {
        return "model v" + models.current().version() + ", " + retrainer.runs() + " retrainings";
    }

    /** Events the engine rejected (duplicate or out-of-order timestamps). */
    public long rejected() {
        return rejected;
    }

    /** Accepted models so far. */
    public long modelVersion() {
        return models.current().version();
    }

    public Retrainer retrainer() {
        return retrainer;
    }

    @Override
    public void close() {
        retrainer.close();
    }
}
