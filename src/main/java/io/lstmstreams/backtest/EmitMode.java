package io.lstmstreams.backtest;

/** Which forecasts a backtest writes to its CSV. */
public enum EmitMode {
    /** Every forecast, each with its actuals once they are known. */
    ALL,
    /** Only the forecast made at each series' final event (the "what comes next" view). */
    LAST
}
