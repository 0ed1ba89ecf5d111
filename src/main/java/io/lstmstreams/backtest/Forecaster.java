package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;

/**
 * Whatever turns each event into a forecast: the engine in a real backtest, a baseline in tests.
 * It is called once per event, in file order, and must use only what it has seen so far.
 */
@FunctionalInterface
public interface Forecaster {

    /**
     * Takes in one observation and forecasts the next steps of its series.
     *
     * @return the forecast made at this event, or null when there is none yet (e.g. while the
     *     series warms up); a null at a scored event is counted, not scored
     */
    Forecast forecast(Observation observation);

    /** A short progress note for the progress bar, e.g. the model in use and training runs. */
    default String status() {
        return "";
    }
}
