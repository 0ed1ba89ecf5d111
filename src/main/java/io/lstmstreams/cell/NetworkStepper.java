package io.lstmstreams.cell;

/**
 * Steps a {@link RecurrentNetwork} one event at a time over state held by the caller. Owns scratch
 * buffers, so one stepper per thread; no allocation per step.
 */
public interface NetworkStepper {
    /**
     * Advances {@code state} (layout: per layer bottom first, LSTM {@code [h | c]}, RNN {@code [h]})
     * by one input and writes the dense head's outputs.
     */
    void step(float[] state, float[] input, float[] output);

    /** Advances {@code state} by one input without computing the head (re-warming). */
    void advance(float[] state, float[] input);
}
