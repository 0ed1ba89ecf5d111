package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.cell.LstmLayer;
import io.lstmstreams.cell.RecurrentLayer;
import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.cell.SimpleRnnLayer;
import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** DL4J's parameter layout as the kernel export relies on it, checked against DL4J itself. */
class KernelExportTest {
    private static final EngineConfig LSTM_STACK = TestNetworks.config(CellType.LSTM, 5, true, true, 6, 3);
    private static final EngineConfig RNN_STACK = TestNetworks.config(CellType.RNN, 2, false, true, 4, 5);

    @Test
    void shouldListParamsLayerByLayerAsWeightsRecurrentWeightsBias() {
        MultiLayerNetwork net = NetworkFactory.create(LSTM_STACK);
        assertEquals(List.of("0_W", "0_RW", "0_b", "1_W", "1_RW", "1_b", "2_W", "2_b"),
                new ArrayList<>(net.paramTable().keySet()));
        assertEquals(net.numParams(), KernelExport.paramCount(LSTM_STACK));
        assertEquals(KernelExport.paramCount(LSTM_STACK), KernelExport.flatParams(net).length);
    }

    @Test
    void shouldHoldEachParamAsAColumnMajorBlockOfTheFlatVector() {
        for (EngineConfig config : List.of(LSTM_STACK, RNN_STACK)) {
            MultiLayerNetwork net = NetworkFactory.create(config);
            TestNetworks.perturb(net, 0.5, 0.5, 1);
            float[] flat = KernelExport.flatParams(net);
            int position = 0;
            for (INDArray p : net.paramTable().values()) {
                p = p.rank() == 1 ? p.reshape(1, p.length()) : p;
                int rows = (int) p.size(0);
                int cols = (int) p.size(1);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        assertEquals(p.getFloat(r, c), flat[position + r + c * rows], 0.0f);
                    }
                }
                position += rows * cols;
            }
            assertEquals(flat.length, position);
        }
    }

    @Test
    void shouldShapeLstmParamsAsInputByFourGateBlocks() {
        MultiLayerNetwork net = NetworkFactory.create(LSTM_STACK);
        assertArrayEquals(new long[] {10, 24}, net.getParam("0_W").shape());
        assertArrayEquals(new long[] {6, 24}, net.getParam("0_RW").shape());
        // biases are rank-1 vectors, not [1][n] rows
        assertArrayEquals(new long[] {24}, net.getParam("0_b").shape());
        assertArrayEquals(new long[] {3, 5}, net.getParam("2_W").shape());
        assertArrayEquals(new long[] {5}, net.getParam("2_b").shape());
        assertEquals('f', net.getParam("0_W").ordering());
        assertEquals('f', net.getParam("0_RW").ordering());
    }

    @Test
    void shouldInitialiseOnlyTheForgetGateBlockOfTheBiasToOne() {
        MultiLayerNetwork net = NetworkFactory.create(LSTM_STACK);
        float[] bias = net.getParam("0_b").toFloatVector();
        int h = 6;
        for (int j = 0; j < 4 * h; j++) {
            float expected = j >= h && j < 2 * h ? (float) NetworkFactory.FORGET_GATE_BIAS : 0f;
            assertEquals(expected, bias[j], 0f, "bias column " + j);
        }
    }

    @Test
    void shouldBuildTheSameKernelFromFlatParamsAsFromTheNetwork() {
        for (EngineConfig config : List.of(LSTM_STACK, RNN_STACK)) {
            MultiLayerNetwork net = NetworkFactory.create(config);
            TestNetworks.perturb(net, 0.5, 0.5, 2);
            RecurrentNetwork fromNet = KernelExport.fromNetwork(net);
            RecurrentNetwork fromFlat = KernelExport.fromFlatParams(config, KernelExport.flatParams(net));
            assertEquals(fromNet.layers().size(), fromFlat.layers().size());
            for (int i = 0; i < fromNet.layers().size(); i++) {
                assertSameWeights(fromNet.layers().get(i), fromFlat.layers().get(i));
            }
            assertArrayEquals(fromNet.head().weights(), fromFlat.head().weights());
            assertArrayEquals(fromNet.head().bias(), fromFlat.head().bias());
            assertEquals(config.inputSize(), fromFlat.inputSize());
            assertEquals(config.horizon(), fromFlat.outputSize());
        }
    }

    @Test
    void shouldExportRowMajorWeightsThatMatchDl4jsMatrices() {
        MultiLayerNetwork net = NetworkFactory.create(LSTM_STACK);
        TestNetworks.perturb(net, 0.5, 0.5, 3);
        LstmLayer top = (LstmLayer) KernelExport.fromNetwork(net).layers().get(1);
        INDArray rw = net.getParam("1_RW");
        float[] rowMajor = top.recurrentWeights();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 12; c++) {
                assertEquals(rw.getFloat(r, c), rowMajor[r * 12 + c], 0f);
            }
        }
    }

    @Test
    void shouldRejectFlatParamsOfTheWrongLength() {
        float[] flat = KernelExport.flatParams(NetworkFactory.create(LSTM_STACK));
        EngineConfig wider = TestNetworks.config(CellType.LSTM, 5, true, true, 7, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelExport.fromFlatParams(wider, flat));
        assertTrue(e.getMessage().contains(Integer.toString(flat.length)), e.getMessage());
    }

    @Test
    void shouldRejectSimpleRnnWithLayerNormalisationAndItsExtraGainParam() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new SimpleRnn.Builder().nIn(3).nOut(4).activation(Activation.TANH).hasLayerNorm(true).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(4).nOut(2).build())
                .build());
        net.init();
        // layer norm adds a gain vector [1][2H] after b, so the flat layout differs too
        assertEquals(List.of("0_W", "0_RW", "0_b", "0_g", "1_W", "1_b"), new ArrayList<>(net.paramTable().keySet()));
        assertThrows(IllegalArgumentException.class, () -> KernelExport.fromNetwork(net));
    }

    @Test
    void shouldRejectAHeadThatIsNotIdentity() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new SimpleRnn.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.SIGMOID)
                        .nIn(4).nOut(2).build())
                .build());
        net.init();
        assertThrows(IllegalArgumentException.class, () -> KernelExport.fromNetwork(net));
    }

    private static void assertSameWeights(RecurrentLayer a, RecurrentLayer b) {
        assertEquals(a.getClass(), b.getClass());
        if (a instanceof LstmLayer la && b instanceof LstmLayer lb) {
            assertArrayEquals(la.inputWeights(), lb.inputWeights());
            assertArrayEquals(la.recurrentWeights(), lb.recurrentWeights());
            assertArrayEquals(la.bias(), lb.bias());
        } else if (a instanceof SimpleRnnLayer ra && b instanceof SimpleRnnLayer rb) {
            assertArrayEquals(ra.inputWeights(), rb.inputWeights());
            assertArrayEquals(ra.recurrentWeights(), rb.recurrentWeights());
            assertArrayEquals(ra.bias(), rb.bias());
        }
    }
}
