package io.lstmstreams.cell;

/**
 * DL4J's {@code LSTM} layer (no peepholes): gate pre-activations {@code z = x W + h RW + b} with
 * column blocks {@code [candidate (tanh) | forget | output | input]} (sigmoid gates), then
 * {@code c' = f c + i a} and {@code h' = o tanh(c')}. Weights are row-major: {@code w [nIn][4H]},
 * {@code rw [H][4H]}, {@code b [4H]}. State layout {@code [h | c]}.
 */
public final class LstmLayer implements RecurrentLayer {
    private final int nIn;
    private final int hidden;
    private final float[] w;
    private final float[] rw;
    private final float[] b;

    public LstmLayer(int nIn, int hidden, float[] w, float[] rw, float[] b) {
        if (w.length != nIn * 4 * hidden || rw.length != hidden * 4 * hidden || b.length != 4 * hidden) {
            throw new IllegalArgumentException("LSTM weight shape mismatch");
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
        return 2 * hidden;
    }

    @Override
    public int scratchSize() {
        return 4 * hidden;
    }

    @Override
    public void step(float[] input, float[] state, int offset, float[] z) {
        int g = 4 * hidden;
        System.arraycopy(b, 0, z, 0, g);
        for (int i = 0; i < nIn; i++) {
            float xi = input[i];
            int row = i * g;
            for (int j = 0; j < g; j++) {
                z[j] += xi * w[row + j];
            }
        }
        for (int i = 0; i < hidden; i++) {
            float hi = state[offset + i];
            int row = i * g;
            for (int j = 0; j < g; j++) {
                z[j] += hi * rw[row + j];
            }
        }
        int cOff = offset + hidden;
        for (int k = 0; k < hidden; k++) {
            float a = (float) Math.tanh(z[k]);
            float f = sigmoid(z[hidden + k]);
            float o = sigmoid(z[2 * hidden + k]);
            float in = sigmoid(z[3 * hidden + k]);
            float c = f * state[cOff + k] + in * a;
            state[cOff + k] = c;
            state[offset + k] = o * (float) Math.tanh(c);
        }
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
