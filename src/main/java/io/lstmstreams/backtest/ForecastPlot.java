package io.lstmstreams.backtest;

/**
 * The points of one series' forecast plot: at each event, the actual and what was forecast for
 * it h steps earlier (NaN where there was no such forecast).
 *
 * @param seriesId the series
 * @param h the step plotted
 * @param timestamps event times, epoch ms
 * @param actual the observed values
 * @param forecast the step-h forecasts made for these events
 * @param lower their lower bounds
 * @param upper their upper bounds
 */
public record ForecastPlot(String seriesId, int h, long[] timestamps, double[] actual, double[] forecast,
        double[] lower, double[] upper) {

    public ForecastPlot {
        int n = timestamps.length;
        if (actual.length != n || forecast.length != n || lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("plot arrays differ in length");
        }
    }

    /** Events plotted. */
    public int size() {
        return timestamps.length;
    }
}
