package io.lstmstreams.event;

import java.util.Arrays;

/**
 * One input event of a series: its id, event time and value(s). The first value is the one
 * forecast; further values, when a series has them, are extra inputs.
 *
 * @param seriesId the series (the record key)
 * @param timestamp event time, epoch milliseconds
 * @param values the observed value(s); at least one, all finite
 */
public record Observation(String seriesId, long timestamp, double[] values) {
    public Observation {
        values = values.clone();
    }

    public static Observation of(String seriesId, long timestamp, double value) {
        return new Observation(seriesId, timestamp, new double[] {value});
    }

    /** How many values the event carries (without copying them). */
    public int valueCount() {
        return values.length;
    }

    /** The value that is forecast. */
    public double value() {
        return values[0];
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Observation other && seriesId.equals(other.seriesId)
                && timestamp == other.timestamp && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * seriesId.hashCode() + Long.hashCode(timestamp)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Observation[" + seriesId + " @" + timestamp + " " + Arrays.toString(values) + "]";
    }
}
