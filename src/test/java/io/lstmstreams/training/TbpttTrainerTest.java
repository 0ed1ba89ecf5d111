package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trainer learns, honours state saving, is reproducible and refuses to hide divergence. */
class TbpttTrainerTest {

    private static float[] fresh(EngineConfig cfg) {
        return NetworkFactory.create(cfg).params().toFloatVector();
    }

    @Test
    void shouldLearnToEchoTheInputThreeStepsBack() {
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {12}, 1, 16, 16, SegmentStart.ZEROS,
                15, 8, 0.05);
        TbpttTrainer trainer = new TbpttTrainer(cfg);
        List<Segment> train = TrainingFixtures.echo(new Random(11), 64, 16, 3);
        List<Segment> test = TrainingFixtures.echo(new Random(12), 64, 16, 3);

        TrainingOutcome out = trainer.train(fresh(cfg), train, test);

        assertFalse(out.diverged(), out.divergence());
        double accuracy = echoAccuracy(cfg, out.params(), test);
        assertTrue(accuracy >= 0.99, "echo accuracy on fresh data " + accuracy);
        assertTrue(out.challengerLoss() < out.championLoss() / 10,
                out.challengerLoss() + " vs champion " + out.championLoss());
    }

    /** Fraction of target steps where the output, thresholded at 0.5, equals the input 3 steps back. */
    static double echoAccuracy(EngineConfig cfg, float[] params, List<Segment> test) {
        SegmentBatch b = SegmentBatch.of(test, cfg.cell(), cfg.hiddenSizes(), 1, 1, false,
                org.nd4j.linalg.api.buffer.DataType.FLOAT);
        var net = NetworkFactory.create(cfg);
        net.setParams(org.nd4j.linalg.factory.Nd4j.create(params).reshape(1, params.length));
        var out = new StatefulTbptt(net, cfg.cell(), cfg.tbpttLength()).output(b);
        int right = 0;
        int total = 0;
        for (int r = 0; r < test.size(); r++) {
            Segment s = test.get(r);
            for (int t = s.lossFrom(); t < s.steps(); t++) {
                boolean predicted = out.getDouble(r, 0, t) > 0.5;
                right += predicted == (s.targets()[t][0] > 0.5f) ? 1 : 0;
                total++;
            }
        }
        return right / (double) total;
    }

    @Test
    void shouldForecastASineFarBetterThanTheNaivePredictor() {
        int horizon = 3;
        double period = 16;
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {8}, horizon, 24, 12,
                SegmentStart.ZEROS, 15, 16, 0.03);
        List<Segment> train = TrainingFixtures.sine(new Random(21), 64, 24, horizon, period);
        List<Segment> test = TrainingFixtures.sine(new Random(22), 32, 24, horizon, period);

        TrainingOutcome out = new TbpttTrainer(cfg).train(fresh(cfg), train, test);

        double naive = naiveLoss(test);
        assertTrue(naive > 0.3, "naive (last value) MSE " + naive);
        assertTrue(out.challengerLoss() < 0.01, "sine MSE " + out.challengerLoss() + ", naive " + naive);
        double[] losses = out.epochLosses();
        assertTrue(losses[losses.length - 1] < losses[0] / 10, "training loss fell");
    }

    private static double naiveLoss(List<Segment> segments) {
        double sum = 0;
        int n = 0;
        for (Segment s : segments) {
            for (int t = s.lossFrom(); t < s.steps(); t++) {
                for (float target : s.targets()[t]) {
                    double e = target - s.inputs()[t][0];
                    sum += e * e;
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** Zero inputs; the target at every step is the first cell value of the given initial state. */
    private static List<Segment> stateRecall(Random random, int count, int hidden) {
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] state = new float[2 * hidden];
            for (int k = 0; k < state.length; k++) {
                state[k] = random.nextFloat() * 2 - 1;
            }
            float[][] in = new float[3][1];
            float[][] target = new float[3][1];
            for (float[] t : target) {
                t[0] = state[hidden] * 0.5f;
            }
            out.add(new Segment("s" + n, in, target, 0, state));
        }
        return out;
    }

    @Test
    void shouldStartEachSegmentFromItsSavedStateWhenConfigured() {
        int hidden = 4;
        List<Segment> train = stateRecall(new Random(31), 128, hidden);
        List<Segment> test = stateRecall(new Random(32), 64, hidden);
        EngineConfig stateful = TrainingFixtures.config(CellType.LSTM, new int[] {hidden}, 1, 3, 3,
                SegmentStart.STATE, 40, 32, 0.03);
        EngineConfig zeros = TrainingFixtures.config(CellType.LSTM, new int[] {hidden}, 1, 3, 3,
                SegmentStart.ZEROS, 40, 32, 0.03);

        TrainingOutcome withState = new TbpttTrainer(stateful).train(fresh(stateful), train, test);
        TrainingOutcome blind = new TbpttTrainer(zeros).train(fresh(zeros), train, test);

        double variance = naiveVariance(test);
        assertTrue(blind.challengerLoss() > 0.8 * variance, "from zeros the task is unlearnable: "
                + blind.challengerLoss() + " vs variance " + variance);
        assertTrue(withState.challengerLoss() < 0.1 * variance, "from the saved state it is learnt: "
                + withState.challengerLoss() + " vs variance " + variance);
    }

    private static double naiveVariance(List<Segment> segments) {
        double sum = 0;
        double sq = 0;
        for (Segment s : segments) {
            sum += s.targets()[0][0];
            sq += s.targets()[0][0] * s.targets()[0][0];
        }
        double mean = sum / segments.size();
        return sq / segments.size() - mean * mean;
    }

    @Test
    void shouldCarryTheStateAcrossChunksOfOneSegment() {
        // tbptt 4 on 12-step segments: the loss after the first chunk only falls if the carried state is right
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {8}, 1, 12, 4, SegmentStart.ZEROS,
                12, 8, 0.05);
        List<Segment> train = TrainingFixtures.echo(new Random(41), 64, 12, 2);
        List<Segment> test = TrainingFixtures.echo(new Random(42), 64, 12, 2);
        TrainingOutcome out = new TbpttTrainer(cfg).train(fresh(cfg), train, test);
        assertTrue(out.challengerLoss() < 0.02, "chunked echo loss " + out.challengerLoss());
        assertTrue(echoAccuracy(cfg, out.params(), test) >= 0.99);
    }

    @Test
    void shouldTrainSegmentsShorterThanTheTbpttLengthAndOfMixedLengths() {
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {8}, 2, 40, 40, SegmentStart.ZEROS,
                15, 16, 0.02);
        List<Segment> train = new ArrayList<>(TrainingFixtures.sine(new Random(51), 48, 6, 2, 12));
        train.addAll(TrainingFixtures.sine(new Random(52), 48, 13, 2, 12));
        List<Segment> test = TrainingFixtures.sine(new Random(53), 16, 9, 2, 12);

        TrainingOutcome out = new TbpttTrainer(cfg).train(fresh(cfg), train, test);

        assertTrue(out.challengerLoss() < out.championLoss() / 3,
                "6 and 13 steps under tbptt 40 still learn: " + out.challengerLoss() + " vs " + out.championLoss());
    }

    @Test
    void shouldProduceIdenticalWeightsFromIdenticalInputs() {
        EngineConfig cfg = TrainingFixtures.config(CellType.RNN, new int[] {5, 3}, 2, 10, 5, SegmentStart.ZEROS,
                2, 8, 0.01);
        List<Segment> train = TrainingFixtures.randomSegments(new Random(61), 40, 10, 1, 2, 0);
        TrainingOutcome a = new TbpttTrainer(cfg).train(fresh(cfg), train, List.of());
        TrainingOutcome b = new TbpttTrainer(cfg).train(fresh(cfg), train, List.of());
        assertArrayEquals(a.params(), b.params());
        assertArrayEquals(a.epochLosses(), b.epochLosses());
        assertTrue(Double.isNaN(a.challengerLoss()) && Double.isNaN(a.championLoss()), "no validation data");
    }

    @Test
    void shouldReportChampionLossAsTheLossOfTheStartingWeights() {
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {4}, 1, 8, 8, SegmentStart.ZEROS,
                1, 8, 0.01);
        TbpttTrainer trainer = new TbpttTrainer(cfg);
        List<Segment> data = TrainingFixtures.randomSegments(new Random(71), 16, 8, 1, 1, 0);
        float[] start = fresh(cfg);
        double before = trainer.loss(start, data.subList(0, 4));
        TrainingOutcome out = trainer.train(start, data.subList(4, 16), data.subList(0, 4));
        assertEquals(before, out.championLoss(), 1e-9);
        assertEquals(trainer.loss(out.params(), data.subList(0, 4)), out.challengerLoss(), 1e-9);
        assertTrue(out.duration().toNanos() > 0);
    }

    @Test
    void shouldMarkNonFiniteLossAsDiverged() {
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {4}, 1, 8, 8, SegmentStart.ZEROS,
                3, 8, 0.01);
        List<Segment> data = new ArrayList<>(TrainingFixtures.randomSegments(new Random(81), 8, 8, 1, 1, 0));
        data.get(3).targets()[5][0] = Float.POSITIVE_INFINITY;
        TrainingOutcome out = new TbpttTrainer(cfg).train(fresh(cfg), data, List.of());
        assertTrue(out.diverged());
        assertNotNull(out.divergence());
        assertEquals(1, out.epochLosses().length, "stopped after the poisoned epoch");
    }

    @Test
    void shouldMarkAnExplodingLossAsDiverged() {
        assertEquals(null, TbpttTrainer.divergence(1.0, 999.0, 3));
        assertTrue(TbpttTrainer.divergence(1.0, 1001.0, 3).contains("exploded"));
        assertTrue(TbpttTrainer.divergence(1.0, Double.NaN, 0).contains("non-finite"));
    }

    @Test
    void shouldRefuseStateSavingWithTheVanillaRnnCell() {
        EngineConfig cfg = TrainingFixtures.config(CellType.RNN, new int[] {4}, 1, 8, 8, SegmentStart.STATE,
                1, 8, 0.01);
        ConfigException e = assertThrows(ConfigException.class, () -> new TbpttTrainer(cfg));
        assertTrue(e.getMessage().contains("segment.start"));
    }

    @Test
    void shouldRejectParametersOfAnotherShapeAndAnEmptyTrainingSet() {
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, new int[] {4}, 1, 8, 8, SegmentStart.ZEROS,
                1, 8, 0.01);
        TbpttTrainer trainer = new TbpttTrainer(cfg);
        List<Segment> data = TrainingFixtures.randomSegments(new Random(91), 2, 8, 1, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> trainer.train(new float[3], data, List.of()));
        assertThrows(IllegalArgumentException.class, () -> trainer.train(fresh(cfg), List.of(), data));
    }
}
