package io.lstmstreams.engine;

/**
 * Per-key running mean and scale from past values only. Cumulative (Welford) for the first
 * {@link #HORIZON_EVENTS} events, exponentially weighted after that so the scale follows level
 * shifts. Once warm, updates are winsorised at {@link #CLIP_SIGMAS} so one extreme (but finite)
 * value cannot poison the statistics; values are clamped so squares never overflow.
 */
public final class RunningNormaliser {
    /** Events after which the statistics become exponentially weighted. */
    static final int HORIZON_EVENTS = 5000;
    /** Events before outliers are winsorised. */
    static final int WARM_EVENTS = 16;
    static final double CLIP_SIGMAS = 8.0;
    /** Normalised inputs are clamped to this magnitude before they reach the cell. */
    static final float MAX_NORMALISED = 12f;
    private static final double MAX_ABS = 1e100;

    private long count;
    private double mean;
    private double m2;

    public RunningNormaliser() {
    }

    RunningNormaliser(long count, double mean, double m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    public void update(double x) {
        double v = Math.max(-MAX_ABS, Math.min(MAX_ABS, x));
        if (count >= WARM_EVENTS) {
            double limit = CLIP_SIGMAS * scale();
            v = Math.max(mean - limit, Math.min(mean + limit, v));
        }
        count++;
        double weight = 1.0 / Math.min(count, HORIZON_EVENTS);
        double delta = v - mean;
        mean += delta * weight;
        m2 = (1 - weight) * (m2 + weight * delta * delta);
    }

    public long count() {
        return count;
    }

    public double mean() {
        return mean;
    }

    /** Second central moment (population variance). */
    double m2() {
        return m2;
    }

    /** Standard deviation with a floor, so constant series still normalise to finite numbers. */
    public double scale() {
        double floor = Math.max(1e-6, 1e-3 * Math.abs(mean));
        return Math.max(Math.sqrt(m2), floor);
    }

    public float normalise(double x) {
        double z = (x - mean) / scale();
        if (Double.isNaN(z)) {
            return 0f;
        }
        return (float) Math.max(-MAX_NORMALISED, Math.min(MAX_NORMALISED, z));
    }

    public double denormalise(double z) {
        return mean + z * scale();
    }
}
