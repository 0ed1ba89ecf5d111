package io.lstmstreams.stream;

import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.Observation;

/**
 * One event through the forecasting engine: {@code ForecastEngine::process} in production. An
 * interface so that the topology can be tested with an engine that misbehaves on purpose.
 * Implementations need not be thread-safe: each processor instance gets its own.
 */
@FunctionalInterface
public interface EngineStep {

    /**
     * @param state the key's state, or null for a key seen for the first time
     * @param observation the accepted observation
     * @return the new state with a forecast (and maybe a segment), or a rejection
     */
    StepResult process(SeriesState state, Observation observation);
}
