package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Truncated BPTT over a {@link SegmentBatch}, chunk by chunk, every row starting from its own
 * initial state. Drives the network's layers directly instead of calling
 * {@code MultiLayerNetwork#fit}, for two reasons found in DL4J 1.0.0-M2.1:
 * <ol>
 * <li>{@code fit} → {@code doTruncatedBPTT} calls {@code rnnClearPreviousState()} before every
 * minibatch, so a minibatch always starts from zeros: no state saving through {@code fit}.</li>
 * <li>{@code computeGradientAndScore} runs the forward pass from the stored TBPTT state but then
 * calls each layer's {@code backpropGradient}, which re-runs the forward pass from zeros
 * ({@code LSTM.backpropGradientHelper(truncatedBPTT=false)}, {@code SimpleRnn} always): from the
 * second chunk on, the gradient belongs to a different trajectory than the loss.</li>
 * </ol>
 * Here the forward pass is {@code rnnActivateUsingStoredState} (reads the layer's TBPTT state map),
 * the LSTM backward pass is {@code tbpttBackpropGradient} (reads the layer's previous-state map, which
 * we keep equal to the TBPTT map at every chunk start), and the step is DL4J's own updater (minibatch
 * division, clipping, Adam). {@code SimpleRnn}'s backward pass ignores any initial state, so for the
 * RNN cell every batch is one chunk from zeros (full BPTT over the segment) and initial states are
 * refused. Not thread-safe, like the network it drives.
 */
final class StatefulTbptt implements BatchFitter {
    private final MultiLayerNetwork net;
    private final CellType cell;
    private final int tbpttLength;
    private final int recurrentLayers;
    private final LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

    StatefulTbptt(MultiLayerNetwork net, CellType cell, int tbpttLength) {
        this.net = net;
        this.cell = cell;
        this.tbpttLength = tbpttLength;
        this.recurrentLayers = net.getnLayers() - 1;
        if (net.getFlattenedGradients() == null) {
            net.initGradientsView();
        }
    }

    @Override
    public double fit(SegmentBatch batch) {
        requireSupportedState(batch);
        int chunk = cell == CellType.LSTM ? Math.min(tbpttLength, batch.steps()) : batch.steps();
        seedState(batch);
        double sum = 0;
        try {
            for (int t0 = 0; t0 < batch.steps(); t0 += chunk) {
                int t1 = Math.min(batch.steps(), t0 + chunk);
                INDArray x = timeSlice(batch.features(), t0, t1);
                INDArray mask = batch.labelMask().get(NDArrayIndex.all(), NDArrayIndex.interval(t0, t1)).dup();
                if (mask.sumNumber().doubleValue() == 0) {
                    forwardOnly(x); // burn-in: advance the state, nothing to learn from
                } else {
                    Backprop b = backprop(x, timeSlice(batch.labels(), t0, t1), mask, t1 - t0);
                    sum += b.score() * batch.rows();
                    applyUpdate(net, b.gradient(), batch.rows());
                }
                carryState();
            }
        } finally {
            clear();
        }
        return sum;
    }

    /** Inference-mode output {@code [mb, horizon, T]} from each row's initial state. */
    INDArray output(SegmentBatch batch) {
        requireSupportedState(batch);
        seedState(batch);
        try {
            INDArray a = batch.features();
            for (int i = 0; i < recurrentLayers; i++) {
                a = recurrent(i).rnnActivateUsingStoredState(a, false, false, workspaces);
            }
            return head().activate(a, false, workspaces).dup();
        } finally {
            clear();
        }
    }

    /**
     * Gradient of the whole batch as one chunk, left in {@code net.getFlattenedGradients()} (summed over
     * rows, not yet divided by the minibatch); returns DL4J's score (masked loss / rows). For tests.
     */
    double gradient(SegmentBatch batch) {
        requireSupportedState(batch);
        seedState(batch);
        try {
            return backprop(batch.features(), batch.labels(), batch.labelMask(), batch.steps()).score();
        } finally {
            clear();
        }
    }

    private Backprop backprop(INDArray x, INDArray y, INDArray mask, int length) {
        INDArray a = x;
        for (int i = 0; i < recurrentLayers; i++) {
            a = recurrent(i).rnnActivateUsingStoredState(a, true, true, workspaces);
        }
        Layer head = head();
        head.setInput(a, workspaces);
        ((IOutputLayer) head).setLabels(y);
        head.setMaskArray(mask);
        Gradient gradient = new DefaultGradient(net.getFlattenedGradients());
        Pair<Gradient, INDArray> step = head.backpropGradient(null, workspaces);
        double score = ((IOutputLayer) head).computeScore(0.0, true, workspaces);
        collect(gradient, recurrentLayers, step.getFirst());
        INDArray epsilon = step.getSecond();
        for (int i = recurrentLayers - 1; i >= 0; i--) {
            step = recurrent(i).tbpttBackpropGradient(epsilon, length, workspaces);
            collect(gradient, i, step.getFirst());
            epsilon = step.getSecond();
        }
        return new Backprop(gradient, score);
    }

    /**
     * DL4J's own step for a gradient held in the network's flattened gradient: divide by the minibatch,
     * clip, Adam, subtract, count the iteration (what {@code StochasticGradientDescent#optimize} does).
     */
    static void applyUpdate(MultiLayerNetwork net, Gradient gradient, int rows) {
        int iteration = net.getIterationCount();
        net.getUpdater().update(net, gradient, iteration, net.getEpochCount(), rows, LayerWorkspaceMgr.noWorkspaces());
        INDArray params = net.params();
        params.subi(net.getFlattenedGradients().reshape(params.shape()));
        net.setIterationCount(iteration + 1);
    }

    private void forwardOnly(INDArray x) {
        INDArray a = x;
        for (int i = 0; i < recurrentLayers; i++) {
            a = recurrent(i).rnnActivateUsingStoredState(a, true, true, workspaces);
        }
    }

    /** Multi-layer updater keys are "layerIndex_param", as MultiLayerNetwork builds them. */
    private static void collect(Gradient into, int layer, Gradient from) {
        for (Map.Entry<String, INDArray> e : from.gradientForVariable().entrySet()) {
            into.setGradientFor(layer + "_" + e.getKey(), e.getValue(), from.flatteningOrderForVariable(e.getKey()));
        }
    }

    /** Both state maps: the forward pass reads the TBPTT map, LSTM's backward pass the previous-state map. */
    private void seedState(SegmentBatch batch) {
        for (int i = 0; i < recurrentLayers; i++) {
            Map<String, INDArray> state = new HashMap<>();
            if (batch.initialH(i) != null) {
                state.put(LSTM.STATE_KEY_PREV_ACTIVATION, batch.initialH(i));
                if (batch.initialC(i) != null) {
                    state.put(LSTM.STATE_KEY_PREV_MEMCELL, batch.initialC(i));
                }
            }
            recurrent(i).rnnSetPreviousState(state);
            recurrent(i).rnnSetTBPTTState(state);
        }
    }

    private void carryState() {
        for (int i = 0; i < recurrentLayers; i++) {
            recurrent(i).rnnSetPreviousState(recurrent(i).rnnGetTBPTTState());
        }
    }

    private void requireSupportedState(SegmentBatch batch) {
        if (cell != CellType.LSTM && batch.initialH(0) != null) {
            throw new IllegalStateException("training from a saved state needs the LSTM cell: DL4J's SimpleRnn"
                    + " backward pass always starts from zeros");
        }
    }

    private void clear() {
        net.rnnClearPreviousState();
        net.clearLayerMaskArrays();
    }

    private RecurrentLayer recurrent(int i) {
        return (RecurrentLayer) net.getLayer(i);
    }

    private Layer head() {
        return net.getLayer(recurrentLayers);
    }

    /** A chunk's gradient (a view of the network's flattened gradient) and DL4J score. */
    private record Backprop(Gradient gradient, double score) {
    }

    private static INDArray timeSlice(INDArray a, int t0, int t1) {
        if (t0 == 0 && t1 == a.size(2)) {
            return a;
        }
        return a.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t0, t1)).dup();
    }
}
