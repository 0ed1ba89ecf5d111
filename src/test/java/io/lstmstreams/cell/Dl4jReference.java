package io.lstmstreams.cell;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Drives a DL4J network and the kernel side by side and measures how far apart they are: the
 * head outputs and every layer's h (and c for LSTM) after each step.
 */
final class Dl4jReference {
    static final String PREV_ACTIVATION = "prevAct";
    static final String PREV_MEMORY = "prevMem";

    private Dl4jReference() {
    }

    /**
     * Random-ish inputs: a per-feature sinusoid of amplitude up to 2, Gaussian noise, and a spike of
     * up to 6 now and then, so that gates visit both their linear and saturated ranges.
     */
    static float[][] inputs(int steps, int nIn, long seed) {
        Random random = new Random(seed);
        double[] freq = new double[nIn];
        double[] phase = new double[nIn];
        double[] amp = new double[nIn];
        for (int i = 0; i < nIn; i++) {
            freq[i] = 0.01 + 0.3 * random.nextDouble();
            phase[i] = 2 * Math.PI * random.nextDouble();
            amp[i] = 2 * random.nextDouble();
        }
        float[][] x = new float[steps][nIn];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < nIn; i++) {
                double v = amp[i] * Math.sin(freq[i] * t + phase[i]) + 0.3 * random.nextGaussian();
                if (random.nextInt(50) == 0) {
                    v += 6 * (random.nextDouble() - 0.5) * 2;
                }
                x[t][i] = (float) v;
            }
        }
        return x;
    }

    /** One DL4J step on a {@code [1, nIn, 1]} input; returns the head's outputs. */
    static float[] dl4jStep(MultiLayerNetwork net, float[] x) {
        INDArray out = net.rnnTimeStep(Nd4j.create(x, new long[] {1, x.length, 1}));
        float[] y = new float[(int) out.size(1)];
        for (int j = 0; j < y.length; j++) {
            y[j] = out.getFloat(0, j, 0);
        }
        return y;
    }

    /** Max |a - b| over the first {@code n} entries. */
    static double maxAbsDiff(float[] a, int aOff, float[] b, int bOff, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs((double) a[aOff + i] - b[bOff + i]);
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return max;
    }

    /** Max |a - b| / max(1, |a|) over the first {@code n} entries: absolute below 1, relative above. */
    static double maxScaledDiff(float[] a, int aOff, float[] b, int bOff, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs((double) a[aOff + i] - b[bOff + i]) / Math.max(1.0, Math.abs(a[aOff + i]));
            max = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(max, d);
        }
        return max;
    }

    /**
     * Max deviation between the kernel's state and DL4J's stored rnnTimeStep state: absolute for
     * h (bounded by 1), scaled by max(1, |c|) for an LSTM's c. The cell is unbounded memory; with
     * a forget gate saturated at 1 it integrates, reaching |c| of 20 and more in these tests, where
     * one float ulp is already 2e-6, so a fixed absolute bound on c would ask for more than float
     * resolution.
     */
    static double stateDeviation(MultiLayerNetwork net, RecurrentNetwork kernel, float[] state) {
        double max = 0;
        int offset = 0;
        for (int l = 0; l < kernel.layers().size(); l++) {
            RecurrentLayer layer = kernel.layers().get(l);
            int h = layer.hiddenSize();
            Map<String, INDArray> dl4j = net.rnnGetPreviousState(l);
            max = Math.max(max, maxAbsDiff(dl4j.get(PREV_ACTIVATION).toFloatVector(), 0, state, offset, h));
            if (layer instanceof LstmLayer) {
                max = Math.max(max, maxScaledDiff(dl4j.get(PREV_MEMORY).toFloatVector(), 0, state, offset + h, h));
            }
            offset += layer.stateSize();
        }
        return max;
    }

    /**
     * Steps DL4J and the kernel over the same inputs from zero state; returns the largest
     * deviation of outputs (absolute) or states (see {@link #stateDeviation}) over all steps.
     */
    static double maxDeviation(MultiLayerNetwork net, RecurrentNetwork kernel, float[][] inputs) {
        net.rnnClearPreviousState();
        NetworkStepper stepper = kernel.newStepper();
        float[] state = new float[kernel.stateSize()];
        float[] out = new float[kernel.outputSize()];
        double max = 0;
        for (float[] x : inputs) {
            float[] expected = dl4jStep(net, x);
            stepper.step(state, x, out);
            max = Math.max(max, maxAbsDiff(expected, 0, out, 0, out.length));
            max = Math.max(max, stateDeviation(net, kernel, state));
        }
        return max;
    }

    /** A deep copy of every layer's rnnTimeStep state, to park a key's state outside the network. */
    static Map<Integer, Map<String, INDArray>> saveState(MultiLayerNetwork net, int layers) {
        Map<Integer, Map<String, INDArray>> saved = new HashMap<>();
        for (int l = 0; l < layers; l++) {
            Map<String, INDArray> copy = new HashMap<>();
            net.rnnGetPreviousState(l).forEach((k, v) -> copy.put(k, v.dup()));
            saved.put(l, copy);
        }
        return saved;
    }

    static void restoreState(MultiLayerNetwork net, Map<Integer, Map<String, INDArray>> saved) {
        saved.forEach(net::rnnSetPreviousState);
    }
}
