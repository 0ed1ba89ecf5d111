package io.lstmstreams.training;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The same truncated BPTT as {@link StatefulTbptt} for the LSTM cell, with the recurrent layers run by
 * libnd4j's fused {@code lstmLayer} / {@code lstmLayer_bp} ops: one native call per layer and chunk
 * for the whole time loop, forward and backward, instead of DL4J's {@code LSTM} layer, which issues a
 * dozen small ops per time step and runs its forward pass twice. The dense head and the masked MSE
 * gradient are a few ND4J ops.
 *
 * <p>The ops are called directly, not through SameDiff: in nd4j 1.0.0-M2.1 SameDiff's
 * {@code LSTMLayer} hands the forward op its initial (h, c) swapped while {@code LSTMLayerBp} passes
 * them in order, so gradients from a non-zero state are wrong whatever order one passes (and the
 * gradient graph is rebuilt from the op name, so a subclass cannot fix it). The native ops themselves
 * are correct: FusedLstmTbpttTest compares with the finite-difference-checked {@link StatefulTbptt}.
 *
 * <p>The {@link MultiLayerNetwork} keeps the weights and the Adam state: per chunk the weights are read
 * from it (gate blocks reordered), the gradient is written into its gradient views and DL4J's updater
 * takes the step (minibatch division, clipping, Adam), so both paths train identically up to float
 * rounding. Gate blocks: DL4J's columns are {@code [a | f | o | i]} (a = tanh candidate), lstmLayer's
 * {@code [i | f | a | o]}. No dropout: with input dropout the trainer uses {@link StatefulTbptt}.
 * Not thread-safe.
 */
final class FusedLstmTbptt implements BatchFitter {
    /** lstmLayer block j holds DL4J block TO_FUSED[j]. */
    private static final int[] TO_FUSED = {3, 1, 0, 2};
    /** DL4J block k holds lstmLayer block TO_DL4J[k]. */
    private static final int[] TO_DL4J = {2, 1, 3, 0};
    /** lstmLayer integer arguments: data format, direction, gate / output / cell activations. */
    private static final int[] OP_INTS = {LSTMDataFormat.NST.ordinal(), LSTMDirectionMode.FWD.ordinal(),
            LSTMActivations.SIGMOID.ordinal(), LSTMActivations.TANH.ordinal(), LSTMActivations.TANH.ordinal()};
    private static final double CELL_CLIP_NONE = 0.0;

    private final MultiLayerNetwork net;
    private final int tbpttLength;
    private final int[] hidden;
    private final int horizon;
    private final DataType dataType;

    FusedLstmTbptt(MultiLayerNetwork net, int[] hidden, int horizon, int tbpttLength) {
        this.net = net;
        this.hidden = hidden.clone();
        this.horizon = horizon;
        this.tbpttLength = tbpttLength;
        this.dataType = net.params().dataType();
        if (net.getFlattenedGradients() == null) {
            net.initGradientsView();
        }
    }

    @Override
    public double fit(SegmentBatch batch) {
        int layers = hidden.length;
        INDArray[] h = new INDArray[layers];
        INDArray[] c = new INDArray[layers];
        for (int i = 0; i < layers; i++) {
            h[i] = batch.initialH(i) != null ? batch.initialH(i) : Nd4j.zeros(dataType, batch.rows(), hidden[i]);
            c[i] = batch.initialC(i) != null ? batch.initialC(i) : Nd4j.zeros(dataType, batch.rows(), hidden[i]);
        }
        int chunk = Math.min(tbpttLength, batch.steps());
        double sum = 0;
        for (int t0 = 0; t0 < batch.steps(); t0 += chunk) {
            int t1 = Math.min(batch.steps(), t0 + chunk);
            INDArray mask = batch.labelMask().get(NDArrayIndex.all(), NDArrayIndex.interval(t0, t1)).dup('c');
            boolean learn = mask.sumNumber().doubleValue() > 0;
            Weights w = weights();
            INDArray[] inputs = new INDArray[layers + 1];
            inputs[0] = slice(batch.features(), t0, t1);
            INDArray[] nextH = new INDArray[layers];
            INDArray[] nextC = new INDArray[layers];
            for (int i = 0; i < layers; i++) {
                INDArray[] out = Nd4j.exec(op("lstmLayer", true, inputs[i], w.input[i], w.recurrent[i], w.bias[i],
                        h[i], c[i]));
                inputs[i + 1] = out[0];
                nextH[i] = out[1];
                nextC[i] = out[2];
            }
            if (learn) {
                INDArray labels = slice(batch.labels(), t0, t1);
                sum += backprop(inputs, h, c, w, labels, mask, batch.rows(), t1 - t0);
            }
            h = nextH;
            c = nextC;
        }
        return sum;
    }

    /** Gradient of the chunk into the network's views and DL4J's update; returns the summed loss. */
    private double backprop(INDArray[] inputs, INDArray[] h, INDArray[] c, Weights w, INDArray labels3d,
            INDArray mask, int rows, int steps) {
        int layers = hidden.length;
        int top = hidden[layers - 1];
        // [mb, H, T] → [mb·T, H], the row order of labels and mask
        INDArray flat = inputs[layers].permute(0, 2, 1).dup('c').reshape((long) rows * steps, top);
        INDArray labels = labels3d.permute(0, 2, 1).dup('c').reshape((long) rows * steps, horizon);
        INDArray rowMask = mask.reshape((long) rows * steps, 1);
        INDArray diff = flat.mmul(w.headW).addiRowVector(w.headB).subi(labels);
        // DL4J's MSE: per step the mean over the horizon, summed over unmasked steps and rows
        double loss = diff.mul(diff).mean(1).reshape(rows * (long) steps, 1).muli(rowMask).sumNumber().doubleValue();
        INDArray dPred = diff.muliColumnVector(rowMask).muli(2.0 / horizon);
        INDArray dHeadW = flat.transpose().mmul(dPred);
        INDArray dHeadB = dPred.sum(0);
        INDArray epsilon = dPred.mmul(w.headW.transpose()).reshape(rows, steps, top).permute(0, 2, 1).dup('c');
        INDArray[] dInput = new INDArray[layers];
        INDArray[] dRecurrent = new INDArray[layers];
        INDArray[] dBias = new INDArray[layers];
        for (int i = layers - 1; i >= 0; i--) {
            INDArray[] g = Nd4j.exec(op("lstmLayer_bp", false, inputs[i], w.input[i], w.recurrent[i], w.bias[i],
                    h[i], c[i], epsilon));
            epsilon = g[0];
            dInput[i] = g[1];
            dRecurrent[i] = g[2];
            dBias[i] = g[3];
        }
        Gradient gradient = new DefaultGradient(net.getFlattenedGradients());
        for (int i = 0; i < layers; i++) {
            int size = hidden[i];
            write(gradient, i, "W", blocks(dInput[i], size, TO_DL4J));
            write(gradient, i, "RW", blocks(dRecurrent[i], size, TO_DL4J));
            write(gradient, i, "b", blocks(dBias[i].reshape(1, 4L * size), size, TO_DL4J));
        }
        write(gradient, layers, "W", dHeadW);
        write(gradient, layers, "b", dHeadB);
        StatefulTbptt.applyUpdate(net, gradient, rows);
        return loss;
    }

    /**
     * The native op with inputs x, Wx, Wr, b, h0, c0 (+ dL/dh for the backward op). Boolean arguments:
     * has bias, has sequence lengths, has initial h, has initial c, has peepholes, return the full
     * sequence, the last h, the last c; the backward op receives only dL/dh of the full sequence.
     */
    private static DynamicCustomOp op(String name, boolean forward, INDArray... inputs) {
        return DynamicCustomOp.builder(name)
                .addInputs(inputs)
                .addIntegerArguments(OP_INTS)
                .addFloatingPointArguments(CELL_CLIP_NONE)
                .addBooleanArguments(true, false, true, true, false, true, forward, forward)
                .build();
    }

    /** The network's current weights in lstmLayer's layout. */
    private Weights weights() {
        Map<String, INDArray> params = net.paramTable(false);
        int layers = hidden.length;
        Weights w = new Weights(layers);
        for (int i = 0; i < layers; i++) {
            int size = hidden[i];
            w.input[i] = blocks(params.get(i + "_W"), size, TO_FUSED);
            w.recurrent[i] = blocks(params.get(i + "_RW"), size, TO_FUSED);
            w.bias[i] = blocks(params.get(i + "_b").reshape(1, 4L * size), size, TO_FUSED).reshape(4L * size);
        }
        w.headW = params.get(layers + "_W").dup('c');
        w.headB = params.get(layers + "_b").dup('c').reshape(1, horizon);
        return w;
    }

    private void write(Gradient gradient, int layerIndex, String key, INDArray value) {
        Layer layer = net.getLayer(layerIndex);
        INDArray view = layer.conf().getLayer().initializer()
                .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray()).get(key);
        view.assign(value.reshape(view.shape()));
        gradient.setGradientFor(layerIndex + "_" + key, view);
    }

    /** Column block j of the result is column block {@code order[j]} of {@code a} (blocks of width h). */
    private static INDArray blocks(INDArray a, int h, int[] order) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), a.shape(), 'c');
        for (int j = 0; j < 4; j++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.interval((long) j * h, (long) (j + 1) * h))
                    .assign(a.get(NDArrayIndex.all(), NDArrayIndex.interval((long) order[j] * h, (long) (order[j] + 1) * h)));
        }
        return out;
    }

    private static INDArray slice(INDArray a, int t0, int t1) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t0, t1)).dup('c');
    }

    /** One chunk's weights in lstmLayer's layout. */
    private static final class Weights {
        final INDArray[] input;
        final INDArray[] recurrent;
        final INDArray[] bias;
        INDArray headW;
        INDArray headB;

        Weights(int layers) {
            input = new INDArray[layers];
            recurrent = new INDArray[layers];
            bias = new INDArray[layers];
        }
    }
}
