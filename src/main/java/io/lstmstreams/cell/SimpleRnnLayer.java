package io.lstmstreams.cell;

/**
 * DL4J's {@code SimpleRnn} without layer normalisation: {@code h' = tanh(x W + h RW + b)}. The
 * constructor takes row-major {@code w [nIn][H]}, {@code rw [H][H]}, {@code b [H]}; internally W
 * and RW are stacked into one {@code [nIn + H][H]} matrix held as row arrays (see {@link MatrixRows}). State layout {@code [h]}.
 */
public final class SimpleRnnLayer implements RecurrentLayer {
    private final int nIn;
    private final int hidden;
    /** {@code [nIn + H][H]}: input rows, then recurrent rows. */
    private final float[][] rows;
    private final float[] bias;

    public SimpleRnnLayer(int nIn, int hidden, float[] w, float[] rw, float[] b) {
        if (nIn < 1 || hidden < 1) {
            throw new IllegalArgumentException("RNN sizes must be positive: nIn=" + nIn + ", hidden=" + hidden);
        }
        if (w.length != nIn * hidden || rw.length != hidden * hidden || b.length != hidden) {
            throw new IllegalArgumentException("RNN weight shape mismatch: nIn=" + nIn + ", hidden=" + hidden
                    + ", w=" + w.length + ", rw=" + rw.length + ", b=" + b.length);
        }
        this.nIn = nIn;
        this.hidden = hidden;
        this.rows = new float[nIn + hidden][];
        MatrixRows.split(w, 0, nIn, hidden, rows, 0);
        MatrixRows.split(rw, 0, hidden, hidden, rows, nIn);
        this.bias = b.clone();
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

    /** Input weights, row-major {@code [nIn][H]}. */
    public float[] inputWeights() {
        return MatrixRows.join(rows, 0, nIn);
    }

    /** Recurrent weights, row-major {@code [H][H]}. */
    public float[] recurrentWeights() {
        return MatrixRows.join(rows, nIn, hidden);
    }

    public float[] bias() {
        return bias.clone();
    }

    @Override
    public void step(float[] input, float[] state, int offset, float[] z) {
        System.arraycopy(bias, 0, z, 0, hidden);
        MatrixRows.accumulate(rows, 0, input, 0, nIn, z);
        MatrixRows.accumulate(rows, nIn, state, offset, hidden, z);
        Activations.tanhInPlace(z, 0, hidden);
        System.arraycopy(z, 0, state, offset, hidden);
    }
}
