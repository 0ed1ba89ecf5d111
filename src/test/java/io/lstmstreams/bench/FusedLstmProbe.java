package io.lstmstreams.bench;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.training.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMActivations;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDataFormat;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMDirectionMode;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.config.LSTMLayerConfig;
import org.nd4j.linalg.api.ops.impl.layers.recurrent.weights.LSTMLayerWeights;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Feasibility probe, not production code: the same TBPTT epoch with libnd4j's fused {@code lstmLayer}
 * op (one native call per chunk for the whole time loop, forward and backward) driven through
 * SameDiff, with Adam applied per parameter. Measures how much of DL4J's gap to PyTorch is the
 * per-time-step op overhead of the {@code MultiLayerNetwork} LSTM layer.
 */
final class FusedLstmProbe {
    private static final int TBPTT = 32;
    private static final String[] PARAMS = {"Wx", "Wr", "b", "Wh", "bh"};

    private FusedLstmProbe() {
    }

    static Runnable epoch(EngineConfig cfg, List<Segment> data, int batch) {
        int nIn = cfg.inputSize();
        int hidden = cfg.hiddenSizes()[0];
        int horizon = cfg.horizon();
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, nIn, -1);
        SDVariable h0 = sd.placeHolder("h0", DataType.FLOAT, -1, hidden);
        SDVariable c0 = sd.placeHolder("c0", DataType.FLOAT, -1, hidden);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, horizon);
        SDVariable wx = sd.var("Wx", Nd4j.randn(DataType.FLOAT, nIn, 4L * hidden).muli(0.1));
        SDVariable wr = sd.var("Wr", Nd4j.randn(DataType.FLOAT, hidden, 4L * hidden).muli(0.1));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 4L * hidden));
        SDVariable wh = sd.var("Wh", Nd4j.randn(DataType.FLOAT, hidden, horizon).muli(0.1));
        SDVariable bh = sd.var("bh", Nd4j.zeros(DataType.FLOAT, horizon));
        LSTMLayerConfig conf = LSTMLayerConfig.builder()
                .lstmdataformat(LSTMDataFormat.NST)
                .directionMode(LSTMDirectionMode.FWD)
                .gateAct(LSTMActivations.SIGMOID)
                .cellAct(LSTMActivations.TANH)
                .outAct(LSTMActivations.TANH)
                .retFullSequence(true)
                .retLastH(true)
                .retLastC(true)
                .build();
        SDVariable[] out = sd.rnn().lstmLayer(x, c0, h0, null,
                LSTMLayerWeights.builder().weights(wx).rWeights(wr).bias(b).build(), conf);
        out[1].rename("hL");
        out[2].rename("cL");
        SDVariable flat = out[0].permute(0, 2, 1).reshape(-1, hidden);
        SDVariable diff = flat.mmul(wh).add(bh).sub(label);
        SDVariable loss = diff.mul(diff).mean().rename("loss");
        sd.setLossVariables(loss);

        List<INDArray[]> batches = new ArrayList<>();
        for (int i = 0; i < data.size(); i += batch) {
            batches.add(TrainingSpeedBenchmark.stack(data.subList(i, Math.min(data.size(), i + batch)), cfg));
        }
        Map<String, GradientUpdater<?>> updaters = new HashMap<>();
        for (String p : PARAMS) {
            INDArray arr = sd.getVariable(p).getArr();
            Adam adam = new Adam(1e-3);
            updaters.put(p, adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(arr.length())), true));
        }
        int[] iteration = {0};
        return () -> {
            for (INDArray[] xy : batches) {
                long mb = xy[0].size(0);
                long steps = xy[0].size(2);
                INDArray h = Nd4j.zeros(DataType.FLOAT, mb, hidden);
                INDArray c = Nd4j.zeros(DataType.FLOAT, mb, hidden);
                for (long t0 = 0; t0 < steps; t0 += TBPTT) {
                    long t1 = Math.min(steps, t0 + TBPTT);
                    Map<String, INDArray> ph = new HashMap<>();
                    ph.put("x", xy[0].get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t0, t1)).dup('c'));
                    ph.put("label", xy[1].get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(t0, t1))
                            .permute(0, 2, 1).dup('c').reshape(-1, horizon));
                    ph.put("h0", h);
                    ph.put("c0", c);
                    OutAndGrad og = sd.calculateGradientsAndOutputs(ph, List.of("hL", "cL", "loss"), List.of(PARAMS));
                    for (String p : PARAMS) {
                        INDArray g = og.getGradients().get(p);
                        ((GradientUpdater<?>) updaters.get(p)).applyUpdater(g, iteration[0], 0);
                        sd.getVariable(p).getArr().subi(g);
                    }
                    iteration[0]++;
                    h = og.getOutputs().get("hL");
                    c = og.getOutputs().get("cL");
                }
            }
        };
    }
}
