package io.lstmstreams.cell;

/**
 * DL4J's {@code LSTM} layer (no peepholes): gate pre-activations {@code z = x W + h RW + b} with
 * column blocks {@code [candidate (tanh) | forget | output | input]} (sigmoid gates), then
 * {@code c' = f c + i a} and {@code h' = o tanh(c')}. The constructor takes row-major
 * {@code w [nIn][4H]}, {@code rw [H][4H]}, {@code b [4H]}. State layout {@code [h | c]}.
 *
 * <p>Internally {@code W} and {@code RW} are stacked into one {@code [nIn + H][4H]} matrix held
 * as row arrays, so that the step is one pass of contiguous row updates (see {@link MatrixRows}).
 * The three sigmoid blocks are stored pre-halved: {@code sigmoid(z) = (1 + tanh(z / 2)) / 2}, and
 * halving the weights and bias halves z exactly (a power-of-two scale), so all 4H activations
 * become one vectorised tanh loop (see {@link Activations}).
 */
public final class LstmLayer implements RecurrentLayer {
    private final int nIn;
    private final int hidden;
    /** {@code [nIn + H][4H]}: input rows, then recurrent rows; sigmoid blocks halved. */
    private final float[][] rows;
    /** {@code [4H]}, sigmoid blocks halved. */
    private final float[] bias;

    public LstmLayer(int nIn, int hidden, float[] w, float[] rw, float[] b) {
        if (nIn < 1 || hidden < 1) {
            throw new IllegalArgumentException("LSTM sizes must be positive: nIn=" + nIn + ", hidden=" + hidden);
        }
        int g = 4 * hidden;
        if (w.length != nIn * g || rw.length != hidden * g || b.length != g) {
            throw new IllegalArgumentException("LSTM weight shape mismatch: nIn=" + nIn + ", hidden=" + hidden
                    + ", w=" + w.length + ", rw=" + rw.length + ", b=" + b.length);
        }
        this.nIn = nIn;
        this.hidden = hidden;
        this.rows = new float[nIn + hidden][];
        MatrixRows.split(w, 0, nIn, g, rows, 0);
        MatrixRows.split(rw, 0, hidden, g, rows, nIn);
        this.bias = b.clone();
        for (float[] row : rows) {
            scaleSigmoidBlocks(row, 1, 0.5f);
        }
        scaleSigmoidBlocks(bias, 1, 0.5f);
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

    /** Input weights, row-major {@code [nIn][4H]}, as DL4J holds them. */
    public float[] inputWeights() {
        float[] w = MatrixRows.join(rows, 0, nIn);
        scaleSigmoidBlocks(w, nIn, 2.0f);
        return w;
    }

    /** Recurrent weights, row-major {@code [H][4H]}, as DL4J holds them. */
    public float[] recurrentWeights() {
        float[] rw = MatrixRows.join(rows, nIn, hidden);
        scaleSigmoidBlocks(rw, hidden, 2.0f);
        return rw;
    }

    /** Bias {@code [4H]}, as DL4J holds it. */
    public float[] bias() {
        float[] b = bias.clone();
        scaleSigmoidBlocks(b, 1, 2.0f);
        return b;
    }

    /** Multiplies the forget, output and input blocks of each row of row-major {@code [count][4H]}. */
    private void scaleSigmoidBlocks(float[] v, int count, float factor) {
        int g = 4 * hidden;
        for (int row = 0; row < count; row++) {
            for (int j = hidden; j < g; j++) {
                v[row * g + j] *= factor;
            }
        }
    }

    @Override
    public void step(float[] input, float[] state, int offset, float[] z) {
        int g = 4 * hidden;
        System.arraycopy(bias, 0, z, 0, g);
        MatrixRows.accumulate(rows, 0, input, 0, nIn, z);
        MatrixRows.accumulate(rows, nIn, state, offset, hidden, z);
        // z now holds [a | f/2 | o/2 | i/2] pre-activations; after this every block is a tanh
        Activations.tanhInPlace(z, 0, g);
        int cOff = offset + hidden;
        for (int k = 0; k < hidden; k++) {
            float f = 0.5f * z[hidden + k] + 0.5f;
            float in = 0.5f * z[3 * hidden + k] + 0.5f;
            float c = f * state[cOff + k] + in * z[k];
            state[cOff + k] = c;
            z[k] = c;
        }
        Activations.tanhInPlace(z, 0, hidden);
        for (int k = 0; k < hidden; k++) {
            float o = 0.5f * z[2 * hidden + k] + 0.5f;
            state[offset + k] = o * z[k];
        }
    }
}
