package io.lstmstreams.engine;

/**
 * A key's running forecast accuracy per horizon, from forecasts scored when their truth arrived:
 * absolute and squared error, sMAPE terms, the seasonal-naive absolute error over the same points
 * (the MASE denominator) and interval hits.
 */
public final class OnlineAccuracy {
    private static final double MAX_ERROR = 1e150;

    final long[] count;
    final double[] absError;
    final double[] squaredError;
    final double[] smape;
    final double[] naiveAbsError;
    final long[] covered;

    public OnlineAccuracy(int horizon) {
        this.count = new long[horizon];
        this.absError = new double[horizon];
        this.squaredError = new double[horizon];
        this.smape = new double[horizon];
        this.naiveAbsError = new double[horizon];
        this.covered = new long[horizon];
    }

    public int horizon() {
        return count.length;
    }

    void record(int h, double actual, double forecast, double lo, double hi, double naiveForecast) {
        int i = h - 1;
        // bounded so that one extreme but finite value cannot turn a key's sums into Infinity
        double e = Math.max(-MAX_ERROR, Math.min(MAX_ERROR, actual - forecast));
        count[i]++;
        absError[i] += Math.abs(e);
        squaredError[i] += e * e;
        double denom = Math.abs(actual) + Math.abs(forecast);
        smape[i] += denom == 0 ? 0 : 2 * Math.abs(e) / denom;
        naiveAbsError[i] += Math.min(MAX_ERROR, Math.abs(actual - naiveForecast));
        if (actual >= lo && actual <= hi) {
            covered[i]++;
        }
    }

    public long count(int h) {
        return count[h - 1];
    }

    public double mae(int h) {
        return ratio(absError[h - 1], count[h - 1]);
    }

    public double rmse(int h) {
        return Math.sqrt(ratio(squaredError[h - 1], count[h - 1]));
    }

    public double smape(int h) {
        return ratio(smape[h - 1], count[h - 1]);
    }

    /** MAE relative to the seasonal-naive forecast's MAE over the same points. */
    public double mase(int h) {
        return ratio(absError[h - 1], naiveAbsError[h - 1]);
    }

    public double coverage(int h) {
        return ratio(covered[h - 1], count[h - 1]);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? Double.NaN : a / b;
    }
}
