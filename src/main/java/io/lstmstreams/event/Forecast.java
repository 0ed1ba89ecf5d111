package io.lstmstreams.event;

import java.util.Arrays;

/**
 * The forecast made at one event: for each step h = 1..horizon the expected value and an interval.
 *
 * @param seriesId the series
 * @param originTimestamp event time of the observation the forecast was made at, epoch ms
 * @param modelVersion version of the model whose weights produced it
 * @param targetTimestamps expected event time of each step, epoch ms
 * @param values point forecast of each step
 * @param lower lower interval bound of each step
 * @param upper upper interval bound of each step
 */
public record Forecast(String seriesId, long originTimestamp, long modelVersion, long[] targetTimestamps,
        double[] values, double[] lower, double[] upper) {

    public Forecast {
        int h = values.length;
        if (targetTimestamps.length != h || lower.length != h || upper.length != h) {
            throw new IllegalArgumentException("forecast arrays differ in length");
        }
        targetTimestamps = targetTimestamps.clone();
        values = values.clone();
        lower = lower.clone();
        upper = upper.clone();
    }

    public int horizon() {
        return values.length;
    }

    /** Point forecast of step h (1-based). */
    public double value(int h) {
        return values[h - 1];
    }

    public double lower(int h) {
        return lower[h - 1];
    }

    public double upper(int h) {
        return upper[h - 1];
    }

    public long targetTimestamp(int h) {
        return targetTimestamps[h - 1];
    }

    @Override
    public long[] targetTimestamps() {
        return targetTimestamps.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Forecast f && seriesId.equals(f.seriesId) && originTimestamp == f.originTimestamp
                && modelVersion == f.modelVersion && Arrays.equals(targetTimestamps, f.targetTimestamps)
                && Arrays.equals(values, f.values) && Arrays.equals(lower, f.lower) && Arrays.equals(upper, f.upper);
    }

    @Override
    public int hashCode() {
        return seriesId.hashCode() * 31 + Long.hashCode(originTimestamp) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Forecast[" + seriesId + " @" + originTimestamp + " v" + modelVersion + " "
                + Arrays.toString(values) + "]";
    }
}
