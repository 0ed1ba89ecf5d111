package io.lstmstreams.backtest;

/**
 * Count, mean and population standard deviation of a stream of values (Welford's update, which
 * stays accurate where the naive sum of squares cancels catastrophically).
 */
final class RunningStats {
    private long n;
    private double mean;
    private double m2;

    void add(double x) {
        n++;
        double delta = x - mean;
        mean += delta / n;
        m2 += delta * (x - mean);
    }

    long count() {
        return n;
    }

    double mean() {
        return n == 0 ? Double.NaN : mean;
    }

    /** Population std (divides by n), as the published protocol's NRMSE uses. */
    double populationStd() {
        return n == 0 ? Double.NaN : Math.sqrt(m2 / n);
    }
}
