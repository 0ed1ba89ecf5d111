package io.lstmstreams.engine;

/**
 * The key's last {@code horizon} forecasts, newest first, kept until their truth arrives. The
 * forecast made {@code k} events ago is scored at step {@code h = k} by the current event.
 */
public final class PendingForecasts {
    private final int horizon;
    /** {@code [age][h]}: age 0 is the newest forecast. */
    final float[] values;
    final float[] lower;
    final float[] upper;
    /** The model's forecast minus the shift forecast, before blending. */
    final float[] corrections;
    int size;

    public PendingForecasts(int horizon) {
        this.horizon = horizon;
        this.values = new float[horizon * horizon];
        this.lower = new float[horizon * horizon];
        this.upper = new float[horizon * horizon];
        this.corrections = new float[horizon * horizon];
    }

    public int size() {
        return size;
    }

    /** Pushes a new forecast; the oldest beyond {@code horizon} is dropped (fully scored). */
    void push(double[] value, double[] lo, double[] hi, double[] correction) {
        int kept = horizon * (horizon - 1);
        System.arraycopy(values, 0, values, horizon, kept);
        System.arraycopy(lower, 0, lower, horizon, kept);
        System.arraycopy(upper, 0, upper, horizon, kept);
        System.arraycopy(corrections, 0, corrections, horizon, kept);
        for (int j = 0; j < horizon; j++) {
            values[j] = FloatRange.saturate(value[j]);
            lower[j] = FloatRange.saturate(lo[j]);
            upper[j] = FloatRange.saturate(hi[j]);
            corrections[j] = FloatRange.saturate(correction[j]);
        }
        size = Math.min(size + 1, horizon);
    }

    /** Point forecast of step h made at the newest event; only when {@link #size()} > 0. */
    public double latestValue(int h) {
        return value(1, h);
    }

    /** Lower bound of step h made at the newest event. */
    public double latestLower(int h) {
        return lower(1, h);
    }

    /** Upper bound of step h made at the newest event. */
    public double latestUpper(int h) {
        return upper(1, h);
    }

    /** Point forecast of step h made {@code age} events ago (age 1 = the previous event). */
    float value(int age, int h) {
        return values[(age - 1) * horizon + h - 1];
    }

    float lower(int age, int h) {
        return lower[(age - 1) * horizon + h - 1];
    }

    float upper(int age, int h) {
        return upper[(age - 1) * horizon + h - 1];
    }

    float correction(int age, int h) {
        return corrections[(age - 1) * horizon + h - 1];
    }

    void clear() {
        size = 0;
    }
}
