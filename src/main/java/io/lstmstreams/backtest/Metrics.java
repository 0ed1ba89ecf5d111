package io.lstmstreams.backtest;

/**
 * Accuracy of one forecaster at one horizon (of one series, or the mean over series). A value
 * that is undefined (nothing scored, zero scale, no intervals) is NaN.
 *
 * @param scored points scored
 * @param nrmse RMSE / population std of every value of the series in the file
 * @param mape mean|error| / mean|actual| over the scored points (the published protocol's MAPE)
 * @param smape mean of 2|error| / (|actual| + |forecast|), a term being 0 when both are 0
 * @param mase MAE / MAE of seasonal naive over the same points
 * @param mae mean absolute error, in the series' units
 * @param intervals points that had an interval
 * @param coverage share of actuals inside [lower, upper]
 * @param meanWidth mean of upper - lower, in the series' units
 * @param relativeWidth mean width / the series' std, comparable across series
 */
public record Metrics(long scored, double nrmse, double mape, double smape, double mase, double mae,
        long intervals, double coverage, double meanWidth, double relativeWidth) {
}
