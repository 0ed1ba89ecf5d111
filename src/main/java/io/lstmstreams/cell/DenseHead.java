package io.lstmstreams.cell;

/**
 * Identity-activation dense projection {@code y = h W + b}; {@code weights} is row-major
 * {@code [inputSize][outputSize]}.
 */
public record DenseHead(int inputSize, int outputSize, float[] weights, float[] bias) {
    public DenseHead {
        if (weights.length != inputSize * outputSize || bias.length != outputSize) {
            throw new IllegalArgumentException("dense head shape mismatch");
        }
        weights = weights.clone();
        bias = bias.clone();
    }

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
