package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J network that training uses and that the plain-Java kernel reproduces: named
 * recurrent layers {@code rnn0..rnnN-1} followed by a dense identity projection {@code head} from the
 * top layer's h to {@code horizon} outputs, mean squared error, Adam, truncated BPTT, per-layer
 * gradient-norm clipping.
 */
public final class NetworkFactory {
    /** Forget-gate bias at initialisation, DL4J's default and what the kernel assumes. */
    public static final double FORGET_GATE_BIAS = 1.0;
    /**
     * Per-layer L2 clip of the minibatch-averaged gradient, per step of a segment. A spike in a stream
     * (an outage, a unit change) must not throw the weights far away in one step, nor inflate Adam's
     * second moments for hundreds of steps. DL4J's RNN loss sums over time steps, so gradient norms grow
     * with the segment length and the threshold follows it: {@code GRADIENT_CLIP_PER_STEP × steps}.
     * Measured on a fresh H=32 network over 64-step normalised sine segments: layer norms 15–240, so
     * ordinary training is not clipped (norm clipping also keeps the gradient's direction, which
     * element-wise clipping does not).
     */
    public static final double GRADIENT_CLIP_PER_STEP = 5.0;

    private NetworkFactory() {
    }

    /** A new, initialised float32 network for {@code config}. */
    public static MultiLayerNetwork create(EngineConfig config) {
        return create(config, DataType.FLOAT);
    }

    /** A new, initialised network with the given parameter type (DOUBLE for gradient checks). */
    public static MultiLayerNetwork create(EngineConfig config, DataType dataType) {
        return create(config, dataType, new Adam(config.learningRate()));
    }

    /**
     * The same network with another updater; gradient checks need {@code NoOp} (DL4J refuses Adam there),
     * everything else (layers, activations, loss, clipping, TBPTT) stays as trained.
     */
    public static MultiLayerNetwork create(EngineConfig config, DataType dataType, IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(config.seed())
                .dataType(dataType)
                .weightInit(WeightInit.XAVIER)
                .updater(updater)
                .gradientNormalization(GradientNormalization.ClipL2PerLayer)
                .gradientNormalizationThreshold(GRADIENT_CLIP_PER_STEP * config.segmentSteps())
                .list();
        int nIn = config.inputSize();
        int[] hidden = config.hiddenSizes();
        for (int i = 0; i < hidden.length; i++) {
            list.layer(i, recurrentLayer(config.cell(), "rnn" + i, nIn, hidden[i],
                    i == 0 ? config.inputDropout() : 0.0));
            nIn = hidden[i];
        }
        list.layer(hidden.length, new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .name("head")
                .activation(Activation.IDENTITY)
                .nIn(nIn)
                .nOut(config.horizon())
                .build());
        list.backpropType(BackpropType.TruncatedBPTT)
                .tBPTTForwardLength(config.tbpttLength())
                .tBPTTBackwardLength(config.tbpttLength());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static Layer recurrentLayer(CellType cell, String name, int nIn, int nOut, double inputDropout) {
        return switch (cell) {
            case LSTM -> {
                LSTM.Builder b = new LSTM.Builder()
                        .name(name)
                        .nIn(nIn)
                        .nOut(nOut)
                        .activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID)
                        .forgetGateBiasInit(FORGET_GATE_BIAS);
                if (inputDropout > 0) {
                    b.dropOut(1.0 - inputDropout);
                }
                yield b.build();
            }
            case RNN -> {
                SimpleRnn.Builder b = new SimpleRnn.Builder()
                        .name(name)
                        .nIn(nIn)
                        .nOut(nOut)
                        .activation(Activation.TANH);
                if (inputDropout > 0) {
                    b.dropOut(1.0 - inputDropout);
                }
                yield b.build();
            }
        };
    }
}
