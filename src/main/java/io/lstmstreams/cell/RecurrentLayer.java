package io.lstmstreams.cell;

/** One recurrent layer's weights and its single-step update over caller-held state. */
public interface RecurrentLayer {
    int inputSize();

    int hiddenSize();

    /** Floats of state this layer keeps (LSTM: 2H for h and c; RNN: H). */
    int stateSize();

    /** Floats of scratch {@link #step} needs. */
    int scratchSize();

    /**
     * One step: reads {@code input[0..inputSize)}, updates {@code state[offset..offset+stateSize)},
     * h first; uses {@code scratch} for temporaries.
     */
    void step(float[] input, float[] state, int offset, float[] scratch);
}
