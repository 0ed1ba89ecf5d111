package io.lstmstreams.cell;

/**
 * DL4J's {@code SimpleRnn}: {@code h' = tanh(x W + h RW + b)}; row-major {@code w [nIn][H]},
 * {@code rw [H][H]}, {@code b [H]}. State layout {@code [h]}.
 */
public final class SimpleRnnLayer implements RecurrentLayer {
    private final int nIn;
    private final int hidden;
    private final float[] w;
    private final float[] rw;
    private final float[] b;

    public SimpleRnnLayer(int nIn, int hidden, float[] w, float[] rw, float[] b) {
        if (w.length != nIn * hidden || rw.length != hidden * hidden || b.length != hidden) {
            throw new IllegalArgumentException("RNN weight shape mismatch");
        }
        this.nIn = nIn;
        this.hidden = hidden;
        this.w = w.clone();
        this.rw = rw.clone();
        this.b = b.clone();
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int hiddenSize() {
        return hidden;
    }

    @Override
    public int stateSize() {
        return hidden;
    }

    @Override
    public int scratchSize() {
        return hidden;
    }

    @Override
    public void step(float[] input, float[] state, int offset, float[] z) {
        System.arraycopy(b, 0, z, 0, hidden);
        for (int i = 0; i < nIn; i++) {
            float xi = input[i];
            int row = i * hidden;
            for (int j = 0; j < hidden; j++) {
                z[j] += xi * w[row + j];
            }
        }
        for (int i = 0; i < hidden; i++) {
            float hi = state[offset + i];
            int row = i * hidden;
            for (int j = 0; j < hidden; j++) {
                z[j] += hi * rw[row + j];
            }
        }
        for (int k = 0; k < hidden; k++) {
            state[offset + k] = (float) Math.tanh(z[k]);
        }
    }
}
