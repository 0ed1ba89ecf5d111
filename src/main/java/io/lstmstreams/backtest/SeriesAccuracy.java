package io.lstmstreams.backtest;

import java.util.List;

/**
 * Accuracy of one series.
 *
 * @param seriesId the series
 * @param events events of the series in the file
 * @param std population std of all its values (NRMSE's scale)
 * @param horizons one entry per step h = 1..H
 * @param missingForecasts scored origins at which the forecaster gave no forecast (not scored)
 * @param seasonalFallbacks scored points where seasonal naive had no season of history yet and
 *     used shift instead
 */
public record SeriesAccuracy(String seriesId, long events, double std, List<HorizonAccuracy> horizons,
        long missingForecasts, long seasonalFallbacks) {

    public SeriesAccuracy {
        horizons = List.copyOf(horizons);
    }

    /** The entry of step h (1-based). */
    public HorizonAccuracy at(int h) {
        return horizons.get(h - 1);
    }
}
