package io.lstmstreams.engine;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.TargetMode;

/**
 * Builds the network input for one step of a key's window, from the past only: the normalised
 * value, optional calendar terms (sin/cos of time of day and day of week, in event-time UTC),
 * optional log time since the previous event, and optional seasonal lags (the value one season
 * before each forecast target, which is already known at the forecast's origin).
 */
public final class FeatureEncoder {
    private static final long DAY_MS = 86_400_000L;
    private static final double TWO_PI = 2 * Math.PI;
    private static final float MAX_LOG_GAP = 5f;

    private final EngineConfig config;
    private final int horizon;
    private final int season;
    private final boolean lags;

    public FeatureEncoder(EngineConfig config) {
        this.config = config;
        this.horizon = config.horizon();
        this.season = config.seasonSteps();
        this.lags = config.seasonalLagFeatures() && season > 0;
        if (lags && season < horizon) {
            throw new IllegalArgumentException("season must be at least the horizon for seasonal lag features");
        }
    }

    public int inputSize() {
        return config.inputSize();
    }

    /** Writes the input of window step {@code index} into {@code x}. */
    public void encode(ObservationWindow window, int index, RunningNormaliser norm, long typicalStep, float[] x) {
        int k = 0;
        x[k++] = norm.normalise(window.value(index));
        long ts = window.timestamp(index);
        if (config.calendarFeatures()) {
            double dayFraction = Math.floorMod(ts, DAY_MS) / (double) DAY_MS;
            // 1970-01-01 was a Thursday: shift so that Monday 00:00 is 0.
            double weekFraction = (Math.floorMod(Math.floorDiv(ts, DAY_MS) + 3, 7) + dayFraction) / 7.0;
            x[k++] = (float) Math.sin(TWO_PI * dayFraction);
            x[k++] = (float) Math.cos(TWO_PI * dayFraction);
            x[k++] = (float) Math.sin(TWO_PI * weekFraction);
            x[k++] = (float) Math.cos(TWO_PI * weekFraction);
        }
        if (config.elapsedFeature()) {
            float gap = 0f;
            if (index > 0 && typicalStep > 0) {
                double ratio = (ts - window.timestamp(index - 1)) / (double) typicalStep;
                gap = (float) Math.max(-MAX_LOG_GAP, Math.min(MAX_LOG_GAP, Math.log(Math.max(ratio, 1e-3))));
            }
            x[k++] = gap;
        }
        if (lags) {
            for (int h = 1; h <= horizon; h++) {
                int lagIndex = index + h - season;
                x[k++] = lagIndex >= 0 ? norm.normalise(window.value(lagIndex)) : x[0];
            }
        }
    }

    /** Writes the normalised next-horizon targets of window step {@code index}; all must be known. */
    public void targets(ObservationWindow window, int index, RunningNormaliser norm, float[] y) {
        float base = config.target() == TargetMode.CHANGE ? norm.normalise(window.value(index)) : 0f;
        for (int h = 1; h <= horizon; h++) {
            y[h - 1] = norm.normalise(window.value(index + h)) - base;
        }
    }

    /** The normalised forecast of each step from the network's outputs at window step {@code index}. */
    public void forecasts(ObservationWindow window, int index, RunningNormaliser norm, float[] outputs,
            double[] normalised) {
        float base = config.target() == TargetMode.CHANGE ? norm.normalise(window.value(index)) : 0f;
        for (int h = 0; h < horizon; h++) {
            normalised[h] = base + outputs[h];
        }
    }
}
