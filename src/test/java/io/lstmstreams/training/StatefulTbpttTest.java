package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** The hand-driven TBPTT step: equal to DL4J's own step where DL4J is right, correct where it is not. */
class StatefulTbpttTest {
    private static DataType previousDefault;

    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }

    private static EngineConfig lstm(int tbptt) {
        return TrainingFixtures.config(CellType.LSTM, new int[] {3, 2}, 2, 6, tbptt, SegmentStart.STATE, 1, 4, 0.01);
    }

    private static SegmentBatch batch(EngineConfig cfg, List<Segment> segments, boolean useState) {
        return SegmentBatch.of(segments, cfg.cell(), cfg.hiddenSizes(), cfg.inputSize(), cfg.horizon(), useState,
                DataType.DOUBLE);
    }

    @Test
    void shouldTakeExactlyDl4jsAdamStepWhenTheBatchIsOneChunkFromZeros() {
        EngineConfig cfg = lstm(6);
        List<Segment> segments = TrainingFixtures.randomSegments(new Random(1), 4, 6, 1, 2, 0);
        SegmentBatch b = batch(cfg, segments, false);
        MultiLayerNetwork ours = NetworkFactory.create(cfg, DataType.DOUBLE);
        MultiLayerNetwork theirs = NetworkFactory.create(cfg, DataType.DOUBLE);
        StatefulTbptt engine = new StatefulTbptt(ours, cfg.cell(), cfg.tbpttLength());
        for (int i = 0; i < 3; i++) {
            engine.fit(b);
            theirs.fit(b.features(), b.labels(), null, b.labelMask());
        }
        assertNotEquals(0.0, ours.params().sub(NetworkFactory.create(cfg, DataType.DOUBLE).params())
                .norm2Number().doubleValue(), "the weights moved");
        assertArrayEquals(theirs.params().toDoubleVector(), ours.params().toDoubleVector(), 1e-10);
    }

    @Test
    void shouldBackpropagateIntoTheInitialStateExactly() {
        EngineConfig cfg = lstm(6);
        int stateSize = 2 * 3 + 2 * 2;
        List<Segment> segments = TrainingFixtures.randomSegments(new Random(2), 3, 6, 1, 2, stateSize);
        SegmentBatch b = batch(cfg, segments, true);
        MultiLayerNetwork net = NetworkFactory.create(cfg, DataType.DOUBLE, new NoOp());
        StatefulTbptt engine = new StatefulTbptt(net, cfg.cell(), cfg.tbpttLength());

        double score = engine.gradient(b);
        INDArray analytic = net.getFlattenedGradients().dup().divi(b.rows());
        assertEquals(score, maskedScore(engine, b), 1e-9, "score is DL4J's masked MSE / rows");

        INDArray params = net.params();
        double eps = 1e-6;
        double worst = 0;
        for (int i = 0; i < params.length(); i++) {
            double p = params.getDouble(i);
            params.putScalar(i, p + eps);
            double up = maskedScore(engine, b);
            params.putScalar(i, p - eps);
            double down = maskedScore(engine, b);
            params.putScalar(i, p);
            double numeric = (up - down) / (2 * eps);
            double a = analytic.getDouble(i);
            double err = Math.abs(numeric - a) / Math.max(1e-6, Math.abs(numeric) + Math.abs(a));
            worst = Math.max(worst, Math.abs(numeric - a) < 1e-8 ? 0 : err);
        }
        assertTrue(worst < 1e-4, "worst relative gradient error " + worst);
    }

    @Test
    void shouldDifferFromDl4jsOwnGradientOnlyInTheRecurrentLayersWhenAStateIsStored() {
        EngineConfig cfg = lstm(6);
        List<Segment> segments = TrainingFixtures.randomSegments(new Random(3), 3, 6, 1, 2, 10);
        SegmentBatch withState = batch(cfg, segments, true);
        MultiLayerNetwork net = NetworkFactory.create(cfg, DataType.DOUBLE, new NoOp());
        StatefulTbptt engine = new StatefulTbptt(net, cfg.cell(), cfg.tbpttLength());
        double ourScore = engine.gradient(withState);
        double[] ours = net.getFlattenedGradients().dup().toDoubleVector();

        // DL4J 1.0.0-M2.1: computeGradientAndScore runs the forward pass from the stored TBPTT state (score
        // and head gradient see it) but each LSTM's backpropGradient re-runs its forward pass from zeros
        net.setInput(withState.features());
        net.setLabels(withState.labels());
        net.setLayerMaskArrays(null, withState.labelMask());
        for (int layer = 0; layer < 2; layer++) {
            Map<String, INDArray> s = Map.of(LSTM.STATE_KEY_PREV_ACTIVATION, withState.initialH(layer),
                    LSTM.STATE_KEY_PREV_MEMCELL, withState.initialC(layer));
            ((RecurrentLayer) net.getLayer(layer)).rnnSetTBPTTState(s);
        }
        net.computeGradientAndScore();
        double[] theirs = net.getFlattenedGradients().dup().toDoubleVector();
        net.rnnClearPreviousState();

        assertEquals(ourScore, net.score(), 1e-12, "same forward pass");
        int head = 2 * 2 + 2;
        int split = ours.length - head;
        assertArrayEquals(Arrays.copyOfRange(theirs, split, ours.length), Arrays.copyOfRange(ours, split, ours.length),
                1e-12, "same head gradient");
        double diff = 0;
        for (int i = 0; i < split; i++) {
            diff = Math.max(diff, Math.abs(theirs[i] - ours[i]));
        }
        assertTrue(diff > 1e-3, "DL4J's recurrent gradients ignore the state (ours are finite-difference exact)");
    }

    @Test
    void shouldSeeDl4jsOwnFitTrainASeriesShorterThanItsTbpttLength() {
        // characterisation of M2.1: doTruncatedBPTT rounds the chunk count up, so T < tbptt is one chunk,
        // not a silent no-op; our loops take min(tbptt, T) anyway
        EngineConfig cfg = lstm(6);
        SegmentBatch b = batch(cfg, TrainingFixtures.randomSegments(new Random(5), 2, 4, 1, 2, 0), false);
        MultiLayerNetwork net = NetworkFactory.create(cfg, DataType.DOUBLE);
        INDArray before = net.params().dup();
        net.fit(b.features(), b.labels(), null, b.labelMask());
        assertTrue(net.params().sub(before).norm2Number().doubleValue() > 0, "4 steps under tbptt 6 still train");
    }

    /** DL4J's score definition computed from our own forward pass. */
    private static double maskedScore(StatefulTbptt engine, SegmentBatch b) {
        INDArray err = engine.output(b).subi(b.labels());
        return err.muli(err).mean(1).muli(b.labelMask()).sumNumber().doubleValue() / b.rows();
    }
}
