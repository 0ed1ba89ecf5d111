package io.lstmstreams.engine;

/**
 * A key's online combination of the model with the shift forecast (repeat the current value):
 * per horizon, the emitted forecast is {@code s + w (m - s)} where {@code s} is the current value
 * and {@code m} the model's forecast, and {@code w} in [0, 1] is the least-squares weight of the
 * model's correction, {@code E[(y - s)(m - s)] / E[(m - s)^2]}, estimated from the key's own scored
 * forecasts with exponential weights. A key the model serves well keeps w near 1; a key whose
 * changes the model cannot predict (a smooth or noisy series) moves towards persistence instead of
 * paying for the model's noise.
 */
public final class ShiftBlend {
    final double[] crossSum;
    final double[] squareSum;
    private final double rate;

    public ShiftBlend(int horizon, double rate) {
        this(new double[horizon], new double[horizon], rate);
    }

    ShiftBlend(double[] crossSum, double[] squareSum, double rate) {
        this.crossSum = crossSum;
        this.squareSum = squareSum;
        this.rate = rate;
    }

    /** Weight of the model's correction at step h (1-based); 1 until the key has evidence. */
    public double weight(int h) {
        double sxx = squareSum[h - 1];
        if (rate == 0 || sxx <= 0) {
            return 1.0;
        }
        return Math.max(0.0, Math.min(1.0, crossSum[h - 1] / sxx));
    }

    /**
     * Learns from one scored forecast of step h: {@code correction} = model minus shift at the
     * origin, {@code change} = actual minus shift.
     */
    void observe(int h, double correction, double change) {
        if (rate == 0 || !Double.isFinite(correction) || !Double.isFinite(change)) {
            return;
        }
        int i = h - 1;
        crossSum[i] = (1 - rate) * crossSum[i] + rate * change * correction;
        squareSum[i] = (1 - rate) * squareSum[i] + rate * correction * correction;
    }
}
