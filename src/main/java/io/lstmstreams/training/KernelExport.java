package io.lstmstreams.training;

import io.lstmstreams.cell.DenseHead;
import io.lstmstreams.cell.LstmLayer;
import io.lstmstreams.cell.RecurrentLayer;
import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.cell.SimpleRnnLayer;
import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns the weights of a DL4J network built by {@link NetworkFactory} into the plain-Java kernel of
 * {@link RecurrentNetwork}, either from the live network or from its flat parameter vector alone
 * (what a model artefact carries).
 *
 * <p>DL4J's flat vector ({@code net.params()}) is the concatenation of each layer's parameters,
 * layers in order, and within a layer the parameters in this order, matrices as column-major ('f')
 * views and biases as rank-1 vectors (checked against DL4J 1.0.0-M2.1 by {@code KernelExportTest}):
 * <ul>
 *   <li>LSTM: {@code W [nIn][4H]}, {@code RW [H][4H]}, {@code b [4H]}; gate column blocks
 *       {@code [candidate (tanh) | forget | output | input]}, all sigmoid but the first; the
 *       forget block of b starts at {@link NetworkFactory#FORGET_GATE_BIAS};</li>
 *   <li>SimpleRnn: {@code W [nIn][H]}, {@code RW [H][H]}, {@code b [H]} (and a gain {@code g [2H]}
 *       after b when layer normalisation is on, which the kernel rejects);</li>
 *   <li>RnnOutputLayer: {@code W [nIn][nOut]}, {@code b [nOut]}.</li>
 * </ul>
 * The kernel wants row-major matrices, so an 'f' matrix element (r, c) of an r-by-c block starting
 * at {@code p} is read from {@code flat[p + r + c * rows]}.
 */
public final class KernelExport {
    private static final String WEIGHTS = "W";
    private static final String RECURRENT_WEIGHTS = "RW";
    private static final String BIAS = "b";

    private KernelExport() {
    }

    /** The kernel equivalent of {@code net}; fails on any layer or activation it cannot reproduce. */
    public static RecurrentNetwork fromNetwork(MultiLayerNetwork net) {
        Layer[] layers = net.getLayers();
        if (layers.length < 2) {
            throw new IllegalArgumentException("expected recurrent layers and an output layer, got "
                    + layers.length + " layer(s)");
        }
        List<RecurrentLayer> recurrent = new ArrayList<>();
        for (int i = 0; i < layers.length - 1; i++) {
            recurrent.add(recurrentLayer(i, layers[i]));
        }
        return new RecurrentNetwork(recurrent, head(layers.length - 1, layers[layers.length - 1]));
    }

    /**
     * The kernel for a network of shape {@code config} (cell, hidden sizes, input size, horizon)
     * whose parameters are {@code flatParams}, exactly {@link #flatParams} of such a network.
     */
    public static RecurrentNetwork fromFlatParams(EngineConfig config, float[] flatParams) {
        int expected = paramCount(config);
        if (flatParams.length != expected) {
            throw new IllegalArgumentException("flat parameters for " + config.cell() + " "
                    + Arrays.toString(config.hiddenSizes()) + " with input " + config.inputSize()
                    + " and horizon " + config.horizon() + " must have " + expected + " floats, got "
                    + flatParams.length);
        }
        FlatReader reader = new FlatReader(flatParams);
        List<RecurrentLayer> recurrent = new ArrayList<>();
        int nIn = config.inputSize();
        for (int hidden : config.hiddenSizes()) {
            int gates = gatesPerUnit(config.cell()) * hidden;
            float[] w = reader.matrix(nIn, gates);
            float[] rw = reader.matrix(hidden, gates);
            float[] b = reader.vector(gates);
            recurrent.add(config.cell() == CellType.LSTM
                    ? new LstmLayer(nIn, hidden, w, rw, b)
                    : new SimpleRnnLayer(nIn, hidden, w, rw, b));
            nIn = hidden;
        }
        float[] w = reader.matrix(nIn, config.horizon());
        float[] b = reader.vector(config.horizon());
        return new RecurrentNetwork(recurrent, new DenseHead(nIn, config.horizon(), w, b));
    }

    /** DL4J's flat parameter vector of {@code net} as float32, the form a model artefact stores. */
    public static float[] flatParams(MultiLayerNetwork net) {
        return net.params().castTo(DataType.FLOAT).dup().data().asFloat();
    }

    /** Floats in the flat parameter vector of a {@link NetworkFactory} network for {@code config}. */
    public static int paramCount(EngineConfig config) {
        int total = 0;
        int nIn = config.inputSize();
        for (int hidden : config.hiddenSizes()) {
            int gates = gatesPerUnit(config.cell()) * hidden;
            total += (nIn + hidden + 1) * gates;
            nIn = hidden;
        }
        return total + (nIn + 1) * config.horizon();
    }

    private static int gatesPerUnit(CellType cell) {
        return switch (cell) {
            case LSTM -> 4;
            case RNN -> 1;
        };
    }

    private static RecurrentLayer recurrentLayer(int index, Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (conf instanceof LSTM lstm) {
            require(index, lstm.getActivationFn(), ActivationTanH.class, "activation");
            require(index, lstm.getGateActivationFn(), ActivationSigmoid.class, "gate activation");
            int nIn = (int) lstm.getNIn();
            int hidden = (int) lstm.getNOut();
            return new LstmLayer(nIn, hidden, rowMajor(layer, WEIGHTS, nIn, 4 * hidden),
                    rowMajor(layer, RECURRENT_WEIGHTS, hidden, 4 * hidden), rowMajor(layer, BIAS, 1, 4 * hidden));
        }
        if (conf instanceof SimpleRnn rnn) {
            require(index, rnn.getActivationFn(), ActivationTanH.class, "activation");
            if (rnn.hasLayerNorm()) {
                throw new IllegalArgumentException("layer " + index + ": SimpleRnn with layer normalisation"
                        + " is not supported by the kernel");
            }
            int nIn = (int) rnn.getNIn();
            int hidden = (int) rnn.getNOut();
            return new SimpleRnnLayer(nIn, hidden, rowMajor(layer, WEIGHTS, nIn, hidden),
                    rowMajor(layer, RECURRENT_WEIGHTS, hidden, hidden), rowMajor(layer, BIAS, 1, hidden));
        }
        throw new IllegalArgumentException("layer " + index + ": " + conf.getClass().getSimpleName()
                + " is not a recurrent layer the kernel supports (LSTM, SimpleRnn)");
    }

    private static DenseHead head(int index, Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        if (!(conf instanceof RnnOutputLayer out)) {
            throw new IllegalArgumentException("layer " + index + ": expected an RnnOutputLayer head, got "
                    + conf.getClass().getSimpleName());
        }
        require(index, out.getActivationFn(), ActivationIdentity.class, "activation");
        int nIn = (int) out.getNIn();
        int nOut = (int) out.getNOut();
        float[] bias = out.hasBias() ? rowMajor(layer, BIAS, 1, nOut) : new float[nOut];
        return new DenseHead(nIn, nOut, rowMajor(layer, WEIGHTS, nIn, nOut), bias);
    }

    private static void require(int index, IActivation actual, Class<? extends IActivation> expected, String what) {
        if (!expected.isInstance(actual)) {
            throw new IllegalArgumentException("layer " + index + ": " + what + " " + actual
                    + " is not supported by the kernel (expected " + expected.getSimpleName() + ")");
        }
    }

    /** A parameter as a row-major float array, whatever DL4J's ordering of the view. */
    private static float[] rowMajor(Layer layer, String key, int rows, int cols) {
        INDArray p = layer.getParam(key);
        if (p == null || p.length() != (long) rows * cols) {
            throw new IllegalArgumentException("parameter " + key + " of layer " + layer.getIndex()
                    + " should hold " + rows + " x " + cols + " values, got " + (p == null ? "none" : p.shapeInfoToString()));
        }
        float[] out = new float[rows * cols];
        INDArray m = p.reshape(p.ordering(), rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = m.getFloat(r, c);
            }
        }
        return out;
    }

    /** Sequential reader of column-major blocks from a flat parameter vector. */
    private static final class FlatReader {
        private final float[] flat;
        private int position;

        FlatReader(float[] flat) {
            this.flat = flat;
        }

        float[] matrix(int rows, int cols) {
            float[] out = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[r * cols + c] = flat[position + r + c * rows];
                }
            }
            position += rows * cols;
            return out;
        }

        float[] vector(int n) {
            float[] out = new float[n];
            System.arraycopy(flat, position, out, 0, n);
            position += n;
            return out;
        }
    }
}
