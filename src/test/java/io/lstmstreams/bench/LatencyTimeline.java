package io.lstmstreams.bench;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The worst latency of each quarter second of a latency run, by send time, with the series step
 * the pacer was sending then; printed with {@code -Dbench.latency.trace=true}. Ties a burst to
 * what the keys were doing at that step (all keys cut a segment at the same step, for example).
 */
final class LatencyTimeline {
    private static final long QUARTER_NANOS = 250_000_000L;
    private final long originNanos;
    private final long firstStep;
    private final double stepsPerSecond;
    private final Map<Long, long[]> quarters = new TreeMap<>();

    LatencyTimeline(long originNanos, long firstStep, double rate, int keys) {
        this.originNanos = originNanos;
        this.firstStep = firstStep;
        this.stepsPerSecond = rate / keys;
    }

    void record(long sentNanos, long latencyNanos) {
        long[] quarter = quarters.computeIfAbsent((sentNanos - originNanos) / QUARTER_NANOS, q -> new long[2]);
        quarter[0]++;
        quarter[1] = Math.max(quarter[1], latencyNanos);
    }

    /** Prints the quarters whose worst latency is over {@code thresholdMs}. */
    void print(double thresholdMs) {
        quarters.forEach((quarter, stats) -> {
            double worstMs = stats[1] / 1e6;
            if (worstMs > thresholdMs) {
                double seconds = quarter / 4.0;
                System.out.printf(Locale.ROOT, "sent at %6.2f s, step %6.1f: %5d events, worst %7.1f ms%n", seconds,
                        firstStep + seconds * stepsPerSecond, stats[0], worstMs);
            }
        });
    }
}
