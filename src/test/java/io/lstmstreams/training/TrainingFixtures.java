package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import io.lstmstreams.config.TargetMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small configurations and synthetic segments for the training tests (input size 1, no features). */
final class TrainingFixtures {
    private TrainingFixtures() {
    }

    /** A config with one scalar input and no calendar/lag features; everything else as given. */
    static EngineConfig config(CellType cell, int[] hidden, int horizon, int segmentLength, int tbptt,
            SegmentStart start, int epochs, int batch, double lr) {
        return new EngineConfig(horizon, cell, hidden, false, false, 0, false, 10_000, segmentLength,
                segmentLength, start, 0, tbptt, 0, Duration.ZERO, 4096, epochs, batch, lr, 0, 0.0, 0.9, 7L, TargetMode.LEVEL, 0.0, true);
    }

    /** Same as {@link #config} with retraining every {@code every} events and held-out segments. */
    static EngineConfig retrainConfig(int every, Duration interval, int capacity, int validation, int epochs) {
        return new EngineConfig(1, CellType.LSTM, new int[] {4}, false, false, 0, false, 10_000, 8, 8,
                SegmentStart.ZEROS, 0, 8, every, interval, capacity, epochs, 8, 0.01, validation, 0.0, 0.9, 7L, TargetMode.LEVEL, 0.0, true);
    }

    /** Random binary input; target = the input {@code lag} steps back (0 before that, masked). */
    static List<Segment> echo(Random random, int count, int steps, int lag) {
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[][] in = new float[steps][1];
            float[][] target = new float[steps][1];
            for (int t = 0; t < steps; t++) {
                in[t][0] = random.nextBoolean() ? 1f : 0f;
                target[t][0] = t >= lag ? in[t - lag][0] : 0f;
            }
            out.add(new Segment("echo-" + n, in, target, lag, null));
        }
        return out;
    }

    /** Windows of a noiseless sine of period {@code period}; input x_t, targets x_{t+1..t+horizon}. */
    static List<Segment> sine(Random random, int count, int steps, int horizon, double period) {
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            double phase = random.nextDouble() * period;
            float[][] in = new float[steps][1];
            float[][] target = new float[steps][horizon];
            for (int t = 0; t < steps; t++) {
                in[t][0] = wave(phase + t, period);
                for (int k = 0; k < horizon; k++) {
                    target[t][k] = wave(phase + t + 1 + k, period);
                }
            }
            out.add(new Segment("sine-" + n, in, target, Math.min(steps - 1, 4), null));
        }
        return out;
    }

    static float wave(double t, double period) {
        return (float) Math.sin(2 * Math.PI * t / period);
    }

    /** Random segments with random initial states of {@code stateSize} floats (null when 0). */
    static List<Segment> randomSegments(Random random, int count, int steps, int nIn, int horizon, int stateSize) {
        List<Segment> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[][] in = new float[steps][nIn];
            float[][] target = new float[steps][horizon];
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < nIn; k++) {
                    in[t][k] = (float) random.nextGaussian();
                }
                for (int k = 0; k < horizon; k++) {
                    target[t][k] = (float) random.nextGaussian() * 0.5f;
                }
            }
            float[] state = null;
            if (stateSize > 0) {
                state = new float[stateSize];
                for (int k = 0; k < stateSize; k++) {
                    state[k] = (float) (random.nextGaussian() * 0.5);
                }
            }
            out.add(new Segment("r" + n, in, target, 1, state));
        }
        return out;
    }
}
