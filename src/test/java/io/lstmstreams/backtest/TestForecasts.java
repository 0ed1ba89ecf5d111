package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.Arrays;

/** Builds forecasts for tests. */
final class TestForecasts {
    static final long STEP = 1_800_000L;

    private TestForecasts() {
    }

    /** Every step forecasts {@code value} with interval [lo, hi]; targets one {@link #STEP} apart. */
    static Forecast constant(Observation o, int horizon, double value, double lo, double hi) {
        double[] v = new double[horizon];
        double[] l = new double[horizon];
        double[] u = new double[horizon];
        long[] t = new long[horizon];
        Arrays.fill(v, value);
        Arrays.fill(l, lo);
        Arrays.fill(u, hi);
        for (int h = 1; h <= horizon; h++) {
            t[h - 1] = o.timestamp() + h * STEP;
        }
        return new Forecast(o.seriesId(), o.timestamp(), 1, t, v, l, u);
    }

    /** Step h forecasts {@code values[h - 1]}, no interval. */
    static Forecast of(Observation o, double... values) {
        double[] none = new double[values.length];
        Arrays.fill(none, Double.NaN);
        long[] t = new long[values.length];
        for (int h = 1; h <= values.length; h++) {
            t[h - 1] = o.timestamp() + h * STEP;
        }
        return new Forecast(o.seriesId(), o.timestamp(), 1, t, values, none, none);
    }

    /** An observation of series {@code id} at step {@code i} (30-minute steps from 2015-01-01). */
    static Observation obs(String id, int i, double value) {
        return Observation.of(id, 1_420_070_400_000L + i * STEP, value);
    }
}
