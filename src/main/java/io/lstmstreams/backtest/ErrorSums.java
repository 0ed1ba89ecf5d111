package io.lstmstreams.backtest;

/**
 * Running sums of one forecaster's errors at one horizon of one series, from which every
 * reported metric is derived at the end; adding is O(1) and keeps no points.
 */
final class ErrorSums {
    private long n;
    private double sumSquared;
    private double sumAbs;
    private double sumAbsActual;
    private double sumSymmetric;
    private long intervals;
    private long covered;
    private double sumWidth;

    /** One scored point. */
    void add(double actual, double forecast) {
        double e = forecast - actual;
        n++;
        sumSquared += e * e;
        sumAbs += Math.abs(e);
        sumAbsActual += Math.abs(actual);
        double denominator = Math.abs(actual) + Math.abs(forecast);
        // sMAPE's 0/0 (both exactly zero) is a perfect forecast, not an undefined one
        sumSymmetric += denominator == 0 ? 0 : 2 * Math.abs(e) / denominator;
    }

    /** The interval of one scored point; bounds that are not finite mean "no interval". */
    void addInterval(double actual, double lower, double upper) {
        if (!Double.isFinite(lower) || !Double.isFinite(upper)) {
            return;
        }
        intervals++;
        if (actual >= lower && actual <= upper) {
            covered++;
        }
        sumWidth += upper - lower;
    }

    long count() {
        return n;
    }

    double rmse() {
        return n == 0 ? Double.NaN : Math.sqrt(sumSquared / n);
    }

    double mae() {
        return n == 0 ? Double.NaN : sumAbs / n;
    }

    /** mean|error| / mean|actual|: the published protocol's "MAPE", robust to actuals near zero. */
    double mape() {
        return n == 0 || sumAbsActual == 0 ? Double.NaN : sumAbs / sumAbsActual;
    }

    double smape() {
        return n == 0 ? Double.NaN : sumSymmetric / n;
    }

    long intervals() {
        return intervals;
    }

    double coverage() {
        return intervals == 0 ? Double.NaN : (double) covered / intervals;
    }

    double meanWidth() {
        return intervals == 0 ? Double.NaN : sumWidth / intervals;
    }

    /**
     * The metrics of these errors.
     *
     * @param std population standard deviation of the series (NRMSE's scale)
     * @param naiveMae the seasonal-naive MAE over the same points (MASE's scale)
     */
    Metrics toMetrics(double std, double naiveMae) {
        double nrmse = std > 0 ? rmse() / std : Double.NaN;
        double mase = naiveMae > 0 ? mae() / naiveMae : Double.NaN;
        double relativeWidth = std > 0 ? meanWidth() / std : Double.NaN;
        return new Metrics(n, nrmse, mape(), smape(), mase, mae(), intervals, coverage(), meanWidth(),
                relativeWidth);
    }
}
