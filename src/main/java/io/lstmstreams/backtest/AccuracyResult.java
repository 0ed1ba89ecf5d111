package io.lstmstreams.backtest;

import java.util.List;

/**
 * Accuracy of a whole backtest.
 *
 * @param horizon H, the steps scored
 * @param scoreFrom first 0-based file row whose forecasts are scored
 * @param season seasonal-naive season in steps
 * @param series per series, in order of first appearance in the file
 * @param overall per step: for one series its own metrics; for several the mean over series of
 *     each metric (series with nothing scored left out), because NRMSE, MAPE, sMAPE and MASE are
 *     scale-free and a pooled sum would let the largest series dominate
 */
public record AccuracyResult(int horizon, long scoreFrom, int season, List<SeriesAccuracy> series,
        List<HorizonAccuracy> overall) {

    public AccuracyResult {
        series = List.copyOf(series);
        overall = List.copyOf(overall);
    }

    /** Overall entry of step h (1-based). */
    public HorizonAccuracy at(int h) {
        return overall.get(h - 1);
    }

    /** The series with this id, or null. */
    public SeriesAccuracy series(String seriesId) {
        return series.stream().filter(s -> s.seriesId().equals(seriesId)).findFirst().orElse(null);
    }

    /** Scored origins without a forecast, over all series. */
    public long missingForecasts() {
        return series.stream().mapToLong(SeriesAccuracy::missingForecasts).sum();
    }

    /** Points where seasonal naive fell back to shift, over all series. */
    public long seasonalFallbacks() {
        return series.stream().mapToLong(SeriesAccuracy::seasonalFallbacks).sum();
    }

    /** Series whose model MASE at step h is defined. */
    public long seriesWithMase(int h) {
        return series.stream().filter(s -> Double.isFinite(s.at(h).model().mase())).count();
    }

    /** Series whose model beats seasonal naive (MASE < 1) at step h. */
    public long seriesBeatingSeasonalNaive(int h) {
        return series.stream().filter(s -> s.at(h).model().mase() < 1).count();
    }
}
