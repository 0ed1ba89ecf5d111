package io.lstmstreams.cell;

/**
 * Identity-activation dense projection {@code y = h W + b}; {@code weights} is row-major
 * {@code [inputSize][outputSize]}. The arrays are copied in and out, so instances are immutable.
 */
public record DenseHead(int inputSize, int outputSize, float[] weights, float[] bias) {
    public DenseHead {
        if (inputSize < 1 || outputSize < 1) {
            throw new IllegalArgumentException("dense head sizes must be positive: " + inputSize + " x " + outputSize);
        }
        if (weights.length != inputSize * outputSize || bias.length != outputSize) {
            throw new IllegalArgumentException("dense head shape mismatch: " + inputSize + " x " + outputSize
                    + ", weights=" + weights.length + ", bias=" + bias.length);
        }
        weights = weights.clone();
        bias = bias.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public float[] bias() {
        return bias.clone();
    }

    /** {@code out[0..outputSize) = h[offset..offset+inputSize) W + b}. */
    void apply(float[] h, int offset, float[] out) {
        System.arraycopy(bias, 0, out, 0, outputSize);
        for (int i = 0; i < inputSize; i++) {
            float hi = h[offset + i];
            int row = i * outputSize;
            for (int j = 0; j < outputSize; j++) {
                out[j] += hi * weights[row + j];
            }
        }
    }
}
