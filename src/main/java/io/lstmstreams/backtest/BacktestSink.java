package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;

/** Receives every event of a backtest with the forecast made at it (accuracy, CSV, plot). */
interface BacktestSink {

    /**
     * One event, in file order.
     *
     * @param rowIndex 0-based data row of the event in the file
     * @param observation the event
     * @param forecast the forecast made at it, or null
     */
    void onEvent(long rowIndex, Observation observation, Forecast forecast);

    /** The input has ended; flush what is pending. */
    default void onEnd() {
    }
}
