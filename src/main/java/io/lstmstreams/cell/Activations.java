package io.lstmstreams.cell;

/**
 * Float activations for the kernels: a clamped rational approximation of tanh, and sigmoid derived
 * from it. {@link Math#tanh} is a slow library call on JDK 17 and would dominate a step (an LSTM of
 * hidden size 32 needs 160 activations per event); this form is only multiplies, adds, one divide
 * and a clamp, so C2 inlines it and vectorises the loops that apply it.
 *
 * <p>{@code tanh(x) ~ x P(u) / Q(u)} with {@code u = x^2 / 81} and degree-4 polynomials, fitted for
 * minimax absolute error on [0, 9]; beyond |x| = 9 float tanh is 1 to within 3e-8, so the input is
 * clamped there. Evaluated in float the error is below 4.1e-7 absolute (about 7 ulp of 1.0) and
 * unbiased (mean 4e-8), which keeps the kernel within 1e-5 of DL4J over thousands of recurrent
 * steps. The function is odd and exact at 0; NaN propagates.
 */
final class Activations {
    /** |x| beyond which tanh(x) rounds to +-1 in float. */
    private static final float TANH_CLAMP = 9.0f;
    private static final float INV_CLAMP_SQUARED = 1.0f / 81.0f;
    private static final float P1 = 10.838063f;
    private static final float P2 = 22.929165f;
    private static final float P3 = 10.945676f;
    private static final float P4 = 0.57416743f;
    private static final float Q1 = 37.83805f;
    private static final float Q2 = 169.75816f;
    private static final float Q3 = 174.54213f;
    private static final float Q4 = 33.445293f;

    private Activations() {
    }

    static float tanh(float x) {
        float v = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float u = v * v * INV_CLAMP_SQUARED;
        float p = (((P4 * u + P3) * u + P2) * u + P1) * u + 1.0f;
        float q = (((Q4 * u + Q3) * u + Q2) * u + Q1) * u + 1.0f;
        return v * p / q;
    }

    /**
     * {@code 1 / (1 + e^-x)} as {@code (1 + tanh(x / 2)) / 2}; the kernels fold the halving of x
     * into their weights and call {@link #tanh} directly.
     */
    static float sigmoid(float x) {
        return 0.5f * tanh(0.5f * x) + 0.5f;
    }

    /** Replaces {@code v[from..to)} by its tanh; a plain counted loop so that C2 vectorises it. */
    static void tanhInPlace(float[] v, int from, int to) {
        for (int j = from; j < to; j++) {
            v[j] = tanh(v[j]);
        }
    }
}
