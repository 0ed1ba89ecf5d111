package io.lstmstreams.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Regular 30-minute series for the end-to-end benchmark: per key a level, a daily sine, a weaker
 * weekly sine and noise, with the key's own phase. Step {@code i} of key {@code k} always has the
 * same value (a pure function of k and i), so a later phase can continue a key where the preload
 * stopped. Values travel as the events topic expects them: {@code {"ts":<epoch ms>,"value":x}}.
 */
final class SyntheticSeries {
    static final long STEP_MS = 1_800_000L;
    private static final int STEPS_PER_DAY = 48;
    private static final int STEPS_PER_WEEK = 336;

    private final int keys;
    private final long firstTimestamp;
    private final byte[][] keyBytes;

    /**
     * @param keys number of series, named {@code series-00000}, ...
     * @param firstTimestamp event time of step 0 of every key
     */
    SyntheticSeries(int keys, long firstTimestamp) {
        this.keys = keys;
        this.firstTimestamp = firstTimestamp;
        this.keyBytes = new byte[keys][];
        for (int k = 0; k < keys; k++) {
            keyBytes[k] = String.format("series-%05d", k).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A first timestamp such that {@code steps} steps end about now: event times look live. */
    static long startingStepsAgo(long steps) {
        long now = System.currentTimeMillis();
        return (now / STEP_MS - steps) * STEP_MS;
    }

    int keys() {
        return keys;
    }

    byte[] key(int k) {
        return keyBytes[k];
    }

    long timestamp(long step) {
        return firstTimestamp + step * STEP_MS;
    }

    double value(int k, long step) {
        double phase = (k * 0.618034) % 1.0;
        double level = 50 + (k % 97);
        double daily = 20 * Math.sin(2 * Math.PI * (step / (double) STEPS_PER_DAY + phase));
        double weekly = 5 * Math.sin(2 * Math.PI * (step / (double) STEPS_PER_WEEK + phase));
        double noise = new SplittableRandom(k * 1_000_003L + step).nextGaussian() * 2;
        return level + daily + weekly + noise;
    }

    /** The JSON value of step {@code step} of key {@code k}, three decimals. */
    byte[] json(int k, long step) {
        double rounded = Math.round(value(k, step) * 1000) / 1000.0;
        return ("{\"ts\":" + timestamp(step) + ",\"value\":" + rounded + "}").getBytes(StandardCharsets.UTF_8);
    }
}
