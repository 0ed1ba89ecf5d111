package io.lstmstreams.engine;

/**
 * Online calibration of a key's forecast interval, per horizon: the upper and lower offsets (in
 * normalised units) track the {@code (1 - coverage) / 2} tail quantiles of the key's own residuals
 * by multiplicative stochastic updates. A miss widens the side it fell on, a hit narrows it a
 * little, so the long-run share of actuals inside the interval converges to the nominal coverage.
 */
public final class IntervalCalibrator {
    /** Log-step of a hit; a miss steps {@code (1 - tail) / tail} times as far the other way. */
    static final double STEP = 0.005;
    /** Starting offset: one standard deviation of the series. */
    static final float INITIAL_OFFSET = 1.0f;
    private static final float MIN_OFFSET = 1e-4f;
    private static final float MAX_OFFSET = 50f;

    private final float[] lower;
    private final float[] upper;
    private final double tail;

    public IntervalCalibrator(int horizon, double coverage) {
        this.lower = new float[horizon];
        this.upper = new float[horizon];
        this.tail = (1.0 - coverage) / 2.0;
        java.util.Arrays.fill(lower, INITIAL_OFFSET);
        java.util.Arrays.fill(upper, INITIAL_OFFSET);
    }

    IntervalCalibrator(float[] lower, float[] upper, double coverage) {
        this.lower = lower.clone();
        this.upper = upper.clone();
        this.tail = (1.0 - coverage) / 2.0;
    }

    /** Offset below the point forecast of step h (1-based), normalised units. */
    public float lowerOffset(int h) {
        return lower[h - 1];
    }

    public float upperOffset(int h) {
        return upper[h - 1];
    }

    /** Learns from one residual {@code actual - forecast} of step h, in normalised units. */
    public void observe(int h, double residual) {
        if (!Double.isFinite(residual)) {
            return;
        }
        int i = h - 1;
        upper[i] = adjust(upper[i], residual > upper[i]);
        lower[i] = adjust(lower[i], -residual > lower[i]);
    }

    private float adjust(float offset, boolean missed) {
        double next = offset * Math.exp(STEP * ((missed ? 1.0 : 0.0) - tail) / tail);
        return (float) Math.max(MIN_OFFSET, Math.min(MAX_OFFSET, next));
    }

    float[] lowerOffsets() {
        return lower.clone();
    }

    float[] upperOffsets() {
        return upper.clone();
    }
}
