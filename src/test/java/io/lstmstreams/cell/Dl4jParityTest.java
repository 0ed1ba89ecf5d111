package io.lstmstreams.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.NetworkFactory;
import io.lstmstreams.training.TestNetworks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The kernel against DL4J's {@code rnnTimeStep}, the reference implementation: outputs and every
 * layer's state must agree to 1e-5 over thousands of steps (absolute; relative for an LSTM's c
 * beyond 1, see {@link Dl4jReference#stateDeviation}), for fresh (Xavier) weights and for
 * trained-looking ones (Gaussian noise of 0.5 on the parameters, which saturates gates and lets
 * c grow past 10). Deviations measured: about 1e-6 fresh, 5e-6 trained-looking.
 */
class Dl4jParityTest {
    private static final int STEPS = 2_000;
    private static final double TOLERANCE = 1e-5;
    private static final double TRAINED_NOISE = 0.5;
    /**
     * Recurrent-weight noise for the vanilla RNN. At 0.5 its dynamics are chaotic (a 1e-6 nudge of
     * the state grows to O(1) within 2,000 steps, DL4J against itself included), so no two float
     * implementations can agree; 0.2 keeps it saturating (about 40% of |h| above 0.9) but stable.
     */
    private static final double RNN_RECURRENT_NOISE = 0.2;

    @Test
    void shouldMatchDl4jRnnTimeStepOver2000StepsForLstm() {
        assertParity(TestNetworks.config(CellType.LSTM, 5, true, true, 32), 0.0, 0.0);
    }

    @Test
    void shouldMatchDl4jRnnTimeStepOver2000StepsForLstmWithTrainedLookingWeights() {
        assertParity(TestNetworks.config(CellType.LSTM, 5, true, true, 32), TRAINED_NOISE, TRAINED_NOISE);
    }

    @Test
    void shouldMatchDl4jRnnTimeStepOver2000StepsForSimpleRnn() {
        assertParity(TestNetworks.config(CellType.RNN, 5, true, true, 32), 0.0, 0.0);
    }

    @Test
    void shouldMatchDl4jRnnTimeStepOver2000StepsForSimpleRnnWithTrainedLookingWeights() {
        assertParity(TestNetworks.config(CellType.RNN, 5, true, true, 32), TRAINED_NOISE, RNN_RECURRENT_NOISE);
    }

    @Test
    void shouldMatchDl4jRnnTimeStepOver2000StepsForTwoLayerLstmStackOfDifferentSizes() {
        EngineConfig config = TestNetworks.config(CellType.LSTM, 2, false, true, 4, 5);
        assertEquals(3, config.inputSize());
        assertParity(config, 0.0, 0.0);
        assertParity(config, TRAINED_NOISE, TRAINED_NOISE);
    }

    @Test
    void shouldMatchDl4jWhenBuiltFromFlatParams() {
        EngineConfig config = TestNetworks.config(CellType.LSTM, 5, true, true, 16, 8);
        MultiLayerNetwork net = NetworkFactory.create(config);
        TestNetworks.perturb(net, TRAINED_NOISE, TRAINED_NOISE, 11);
        RecurrentNetwork kernel = KernelExport.fromFlatParams(config, KernelExport.flatParams(net));
        double deviation = Dl4jReference.maxDeviation(net, kernel, Dl4jReference.inputs(STEPS, config.inputSize(), 12));
        assertTrue(deviation <= TOLERANCE, "max deviation " + deviation);
    }

    @Test
    void shouldMatchDl4jWhenManyKeysInterleaveWithCallerHeldState() {
        EngineConfig config = TestNetworks.config(CellType.LSTM, 5, true, true, 16, 8);
        MultiLayerNetwork net = NetworkFactory.create(config);
        TestNetworks.perturb(net, TRAINED_NOISE, TRAINED_NOISE, 21);
        RecurrentNetwork kernel = KernelExport.fromNetwork(net);
        int keys = 20;
        int layers = kernel.layers().size();
        float[][] stream = Dl4jReference.inputs(STEPS, config.inputSize(), 22);
        List<float[]> kernelStates = new ArrayList<>();
        List<Map<Integer, Map<String, INDArray>>> dl4jStates = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            kernelStates.add(new float[kernel.stateSize()]);
            dl4jStates.add(null);
        }
        NetworkStepper stepper = kernel.newStepper();
        float[] out = new float[kernel.outputSize()];
        Random random = new Random(23);
        double max = 0;
        for (float[] x : stream) {
            int key = random.nextInt(keys);
            if (dl4jStates.get(key) == null) {
                net.rnnClearPreviousState();
            } else {
                Dl4jReference.restoreState(net, dl4jStates.get(key));
            }
            float[] expected = Dl4jReference.dl4jStep(net, x);
            dl4jStates.set(key, Dl4jReference.saveState(net, layers));
            stepper.step(kernelStates.get(key), x, out);
            max = Math.max(max, Dl4jReference.maxAbsDiff(expected, 0, out, 0, out.length));
            max = Math.max(max, Dl4jReference.stateDeviation(net, kernel, kernelStates.get(key)));
        }
        assertTrue(max <= TOLERANCE, "max deviation " + max);
        // the keys' states really differ, so swapping them in and out is being exercised
        assertTrue(Dl4jReference.maxAbsDiff(kernelStates.get(0), 0, kernelStates.get(1), 0, kernel.stateSize()) > 1e-3);
    }

    @Test
    void shouldDisagreeWithDl4jWhenOneWeightIsSlightlyOff() {
        EngineConfig config = TestNetworks.config(CellType.LSTM, 5, true, true, 32);
        MultiLayerNetwork net = NetworkFactory.create(config);
        TestNetworks.perturb(net, TRAINED_NOISE, TRAINED_NOISE, 31);
        float[] params = KernelExport.flatParams(net);
        // a recurrent weight of layer 0: past W [10 x 128]
        params[10 * 128 + 77] += 1e-3f;
        RecurrentNetwork kernel = KernelExport.fromFlatParams(config, params);
        double deviation = Dl4jReference.maxDeviation(net, kernel, Dl4jReference.inputs(STEPS / 4, 10, 32));
        assertTrue(deviation > 10 * TOLERANCE, "a changed weight must break parity, deviation " + deviation);
    }

    @Test
    void shouldDisagreeWithDl4jWhenForgetAndInputGateBlocksAreSwapped() {
        EngineConfig config = TestNetworks.config(CellType.LSTM, 5, true, true, 32);
        MultiLayerNetwork net = NetworkFactory.create(config);
        TestNetworks.perturb(net, TRAINED_NOISE, TRAINED_NOISE, 41);
        RecurrentNetwork exported = KernelExport.fromNetwork(net);
        LstmLayer lstm = (LstmLayer) exported.layers().get(0);
        int h = lstm.hiddenSize();
        LstmLayer swapped = new LstmLayer(lstm.inputSize(), h, swapBlocks(lstm.inputWeights(), h, 1, 3),
                swapBlocks(lstm.recurrentWeights(), h, 1, 3), swapBlocks(lstm.bias(), h, 1, 3));
        RecurrentNetwork kernel = new RecurrentNetwork(List.of(swapped), exported.head());
        double deviation = Dl4jReference.maxDeviation(net, kernel, Dl4jReference.inputs(STEPS / 4, 10, 42));
        assertTrue(deviation > 1e-2, "gate order matters, deviation " + deviation);
    }

    private static void assertParity(EngineConfig config, double noise, double recurrentNoise) {
        MultiLayerNetwork net = NetworkFactory.create(config);
        if (noise > 0) {
            TestNetworks.perturb(net, noise, recurrentNoise, 7);
        }
        RecurrentNetwork kernel = KernelExport.fromNetwork(net);
        double deviation = Dl4jReference.maxDeviation(net, kernel, Dl4jReference.inputs(STEPS, config.inputSize(), 8));
        assertTrue(deviation <= TOLERANCE, config.cell() + " " + Arrays.toString(config.hiddenSizes())
                + " noise " + noise + ": max deviation " + deviation);
    }

    /** Row-major [rows][4H] with column blocks a and b exchanged. */
    private static float[] swapBlocks(float[] m, int h, int a, int b) {
        float[] out = m.clone();
        int g = 4 * h;
        for (int row = 0; row < m.length / g; row++) {
            for (int k = 0; k < h; k++) {
                out[row * g + a * h + k] = m[row * g + b * h + k];
                out[row * g + b * h + k] = m[row * g + a * h + k];
            }
        }
        return out;
    }
}
