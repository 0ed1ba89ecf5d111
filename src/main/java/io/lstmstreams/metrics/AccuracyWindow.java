package io.lstmstreams.metrics;

import io.lstmstreams.engine.ScoreListener;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Forecast accuracy per horizon over a sliding window of wall time, across all keys of this
 * instance: MAE, RMSE, sMAPE, MASE against the seasonal-naive forecast, and interval coverage. The
 * same definitions as a key's {@link io.lstmstreams.engine.OnlineAccuracy}, which holds a key's
 * whole history; this one forgets, so a dashboard shows how the model does now.
 *
 * <p>The window is a ring of {@code buckets} time buckets; each holds the sums of the scores that
 * fell in it, and a bucket older than the window is cleared when its slot is reused. A read sums
 * the live buckets, so it covers between {@code window - window/buckets} and {@code window}.
 * Thread-safe: stream threads record, the scrape thread reads; each horizon has its own lock, held
 * for a few additions.
 */
public final class AccuracyWindow implements ScoreListener {
    private final Horizon[] horizons;
    private final long bucketMillis;
    private final LongSupplier clockMillis;

    /**
     * @param horizon forecast steps, 1..horizon
     * @param window how far back a read looks
     * @param buckets resolution of the window
     * @param clockMillis wall clock, epoch ms (a fake one in tests)
     */
    public AccuracyWindow(int horizon, Duration window, int buckets, LongSupplier clockMillis) {
        if (horizon < 1 || buckets < 1 || window.toMillis() < buckets) {
            throw new IllegalArgumentException("horizon " + horizon + ", window " + window + ", buckets " + buckets);
        }
        this.horizons = new Horizon[horizon];
        for (int i = 0; i < horizon; i++) {
            horizons[i] = new Horizon(buckets);
        }
        this.bucketMillis = window.toMillis() / buckets;
        this.clockMillis = clockMillis;
    }

    public int horizon() {
        return horizons.length;
    }

    /** Scores outside 1..horizon (another configuration's) are ignored. */
    @Override
    public void scored(int h, double actual, double forecast, double lower, double upper, double naive) {
        if (h < 1 || h > horizons.length || !Double.isFinite(actual) || !Double.isFinite(forecast)) {
            return;
        }
        horizons[h - 1].add(clockMillis.getAsLong() / bucketMillis, actual, forecast, lower, upper, naive);
    }

    /** The window's statistics at step h; NaN values when nothing was scored in it. */
    public Stats stats(int h) {
        return horizons[h - 1].stats(clockMillis.getAsLong() / bucketMillis);
    }

    /**
     * Accuracy of one horizon over the window.
     *
     * @param count forecasts scored
     * @param mae mean absolute error, in the series' units
     * @param rmse root mean squared error, in the series' units
     * @param smape symmetric MAPE as a ratio (0..2)
     * @param mase MAE over the seasonal-naive MAE of the same points (below 1: better than naive)
     * @param coverage share of actuals inside the forecast interval
     */
    public record Stats(long count, double mae, double rmse, double smape, double mase, double coverage) {
    }

    /** The buckets of one horizon. */
    private static final class Horizon {
        private final long[] epoch;
        private final long[] count;
        private final double[] absError;
        private final double[] squaredError;
        private final double[] smape;
        private final double[] naiveAbsError;
        private final long[] covered;

        Horizon(int buckets) {
            epoch = new long[buckets];
            Arrays.fill(epoch, Long.MIN_VALUE);
            count = new long[buckets];
            absError = new double[buckets];
            squaredError = new double[buckets];
            smape = new double[buckets];
            naiveAbsError = new double[buckets];
            covered = new long[buckets];
        }

        synchronized void add(long now, double actual, double forecast, double lo, double hi, double naive) {
            int b = (int) Math.floorMod(now, (long) epoch.length);
            if (epoch[b] != now) {
                epoch[b] = now;
                count[b] = 0;
                absError[b] = 0;
                squaredError[b] = 0;
                smape[b] = 0;
                naiveAbsError[b] = 0;
                covered[b] = 0;
            }
            double e = actual - forecast;
            count[b]++;
            absError[b] += Math.abs(e);
            squaredError[b] += e * e;
            double denom = Math.abs(actual) + Math.abs(forecast);
            smape[b] += denom == 0 ? 0 : 2 * Math.abs(e) / denom;
            if (Double.isFinite(naive)) {
                naiveAbsError[b] += Math.abs(actual - naive);
            }
            if (actual >= lo && actual <= hi) {
                covered[b]++;
            }
        }

        synchronized Stats stats(long now) {
            long n = 0;
            long in = 0;
            double abs = 0;
            double sq = 0;
            double sm = 0;
            double naive = 0;
            for (int b = 0; b < epoch.length; b++) {
                if (epoch[b] > now - epoch.length && epoch[b] <= now) {
                    n += count[b];
                    in += covered[b];
                    abs += absError[b];
                    sq += squaredError[b];
                    sm += smape[b];
                    naive += naiveAbsError[b];
                }
            }
            return new Stats(n, ratio(abs, n), Math.sqrt(ratio(sq, n)), ratio(sm, n), ratio(abs, naive), ratio(in, n));
        }

        private static double ratio(double a, double b) {
            return b == 0 ? Double.NaN : a / b;
        }
    }
}
