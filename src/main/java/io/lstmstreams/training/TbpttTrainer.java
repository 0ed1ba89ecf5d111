package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains a challenger from the champion's weights with truncated BPTT over segments, and measures
 * both on held-out segments the same way.
 *
 * <p>Segments are grouped by length (no padding), shuffled deterministically from the config seed and
 * cut into minibatches of {@code batchSize}; burn-in steps are masked out of the loss. With
 * {@code segment.start = STATE} each row starts from the state its segment carries (see
 * {@link StatefulTbptt} for why {@code MultiLayerNetwork#fit} cannot do that); LSTM training without
 * dropout runs the recurrent layers with libnd4j's fused ops ({@link FusedLstmTbptt}), the rest layer by
 * layer; evaluation always uses DL4J's layers. The Adam state is reset
 * at every call, so a run depends only on its inputs and on how many runs came before.
 *
 * <p>Owns one DL4J network: one instance per thread, not thread-safe.
 */
public final class TbpttTrainer {
    /** An epoch loss this many times the first epoch's marks the run as diverged. */
    public static final double EXPLOSION_FACTOR = 1e3;
    /** Rows per minibatch when only evaluating; bounds memory, does not change the result. */
    private static final int EVALUATION_ROWS = 256;

    private final EngineConfig config;
    private final MultiLayerNetwork net;
    private final StatefulTbptt engine;
    private final BatchFitter fitter;
    private final DataType dataType;
    private final boolean useState;
    private final Random random;

    public TbpttTrainer(EngineConfig config) {
        this(config, DataType.FLOAT);
    }

    TbpttTrainer(EngineConfig config, DataType dataType) {
        if (config.segmentStart() == SegmentStart.STATE && config.cell() != CellType.LSTM) {
            throw new ConfigException("segment.start", config.segmentStart(),
                    "training from saved state needs model.cell=LSTM (DL4J's SimpleRnn backprop ignores it)");
        }
        this.config = config;
        this.dataType = dataType;
        this.net = NetworkFactory.create(config, dataType);
        this.engine = new StatefulTbptt(net, config.cell(), config.tbpttLength());
        // the fused-op path is ~3× faster and trains identically; it has no dropout and no vanilla RNN,
        // and libnd4j 1.0.0-M2.1's lstmLayer_bp leaks native memory per call, so it is opt-in
        this.fitter = config.fusedLstm() && config.cell() == CellType.LSTM && config.inputDropout() == 0
                ? new FusedLstmTbptt(net, config.hiddenSizes(), config.horizon(), config.tbpttLength())
                : engine;
        this.useState = config.segmentStart() == SegmentStart.STATE;
        this.random = new Random(config.seed());
    }

    /** Number of floats in a flat parameter vector of this network. */
    public long parameterCount() {
        return net.numParams();
    }

    /**
     * Trains {@code config.epochs()} epochs from {@code startParams} on {@code train}, then compares
     * challenger and champion on {@code validation}. Stops early on a non-finite or exploding loss and
     * returns a diverged outcome.
     */
    public TrainingOutcome train(float[] startParams, List<Segment> train, List<Segment> validation) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training segments");
        }
        long start = System.nanoTime();
        double championLoss = loss(startParams, validation);
        load(startParams);
        net.getUpdater().getStateViewArray().assign(0); // fresh Adam moments: the champion's run is over
        net.setIterationCount(0);
        net.setEpochCount(0);
        Map<Integer, List<Segment>> byLength = byLength(train);
        double[] losses = new double[config.epochs()];
        String divergence = null;
        int epochsRun = 0;
        for (int epoch = 0; epoch < config.epochs() && divergence == null; epoch++) {
            losses[epoch] = runEpoch(byLength);
            epochsRun++;
            net.setEpochCount(epoch + 1);
            divergence = divergence(losses[0], losses[epoch], epoch);
        }
        float[] params = net.params().toFloatVector();
        if (divergence == null && !allFinite(params)) {
            divergence = "non-finite weights";
        }
        double challengerLoss = divergence == null ? loss(params, validation) : Double.NaN;
        if (divergence == null && !validation.isEmpty() && !Double.isFinite(challengerLoss)) {
            divergence = "non-finite validation loss";
        }
        double[] ran = new double[epochsRun];
        System.arraycopy(losses, 0, ran, 0, epochsRun);
        return new TrainingOutcome(params, ran, challengerLoss, championLoss,
                Duration.ofNanos(System.nanoTime() - start), divergence);
    }

    /** Masked mean squared error of {@code params} on {@code segments}; NaN when there are none. */
    public double loss(float[] params, List<Segment> segments) {
        if (segments.isEmpty()) {
            return Double.NaN;
        }
        load(params);
        double sum = 0;
        double count = 0;
        for (List<Segment> group : byLength(segments).values()) {
            for (int i = 0; i < group.size(); i += EVALUATION_ROWS) {
                SegmentBatch batch = batch(group.subList(i, Math.min(group.size(), i + EVALUATION_ROWS)));
                INDArray error = engine.output(batch).subi(batch.labels());
                // squared error averaged over the horizon → [mb, T], then masked
                INDArray perStep = error.muli(error).mean(1).muli(batch.labelMask());
                sum += perStep.sumNumber().doubleValue();
                count += batch.labelMask().sumNumber().doubleValue();
            }
        }
        return sum / count;
    }

    private double runEpoch(Map<Integer, List<Segment>> byLength) {
        List<List<Segment>> batches = new ArrayList<>();
        for (List<Segment> group : byLength.values()) {
            List<Segment> shuffled = new ArrayList<>(group);
            Collections.shuffle(shuffled, random);
            for (int i = 0; i < shuffled.size(); i += config.batchSize()) {
                batches.add(shuffled.subList(i, Math.min(shuffled.size(), i + config.batchSize())));
            }
        }
        Collections.shuffle(batches, random);
        double sum = 0;
        double count = 0;
        for (List<Segment> rows : batches) {
            SegmentBatch batch = batch(rows);
            sum += fitter.fit(batch);
            count += batch.labelMask().sumNumber().doubleValue();
            if (!Double.isFinite(sum)) {
                return Double.NaN; // no point going on: the weights are already poisoned
            }
        }
        return sum / count;
    }

    static String divergence(double first, double current, int epoch) {
        if (!Double.isFinite(current)) {
            return "non-finite training loss in epoch " + epoch;
        }
        if (epoch > 0 && current > first * EXPLOSION_FACTOR) {
            return "training loss exploded in epoch " + epoch + ": " + current + " vs " + first + " in the first";
        }
        return null;
    }

    private SegmentBatch batch(List<Segment> rows) {
        return SegmentBatch.of(rows, config.cell(), config.hiddenSizes(), config.inputSize(), config.horizon(),
                useState, dataType);
    }

    private void load(float[] params) {
        if (params.length != net.numParams()) {
            throw new IllegalArgumentException("expected " + net.numParams() + " parameters, got " + params.length);
        }
        net.setParams(Nd4j.create(params).castTo(dataType).reshape(1, params.length));
    }

    /** Groups by segment length in a fixed order so that shuffling is reproducible. */
    private static Map<Integer, List<Segment>> byLength(List<Segment> segments) {
        Map<Integer, List<Segment>> groups = new TreeMap<>();
        for (Segment s : segments) {
            groups.computeIfAbsent(s.steps(), k -> new ArrayList<>()).add(s);
        }
        return groups;
    }

    static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
