package io.lstmstreams.engine;

/**
 * Told of every forecast the engine scores when its truth arrives: what the key's
 * {@link OnlineAccuracy} records, offered to the outside (metrics over a sliding window, across
 * keys). Called on the engine's thread, inside {@link ForecastEngine#process}, so implementations
 * must be cheap and thread-safe (several engines share one). They must not throw: an exception
 * would fail the event.
 */
@FunctionalInterface
public interface ScoreListener {

    /** Listens to nothing. */
    ScoreListener NONE = (h, actual, forecast, lower, upper, naive) -> {
    };

    /**
     * One forecast, made {@code h} events ago for this event, met its actual.
     *
     * @param h the step it was made for, 1..horizon
     * @param actual the observed value
     * @param forecast the point forecast
     * @param lower the interval's lower bound
     * @param upper the interval's upper bound
     * @param naive the seasonal-naive forecast of the same point (the MASE baseline)
     */
    void scored(int h, double actual, double forecast, double lower, double upper, double naive);
}
