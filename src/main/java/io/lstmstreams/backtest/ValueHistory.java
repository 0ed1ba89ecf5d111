package io.lstmstreams.backtest;

/**
 * The last {@code capacity} values of one series, for the baselines; a ring buffer, so a
 * series costs a fixed amount of memory however long the file.
 */
final class ValueHistory {
    private final double[] ring;
    private long count;

    ValueHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        ring = new double[capacity];
    }

    void add(double value) {
        ring[(int) (count % ring.length)] = value;
        count++;
    }

    /** Values added so far. */
    long count() {
        return count;
    }

    /** Whether the value {@code back} events before the latest is still held (0 = the latest). */
    boolean has(int back) {
        return back >= 0 && back < ring.length && back < count;
    }

    /** The value {@code back} events before the latest (0 = the latest). */
    double back(int back) {
        if (!has(back)) {
            throw new IndexOutOfBoundsException("no value " + back + " events back (have " + count + ")");
        }
        return ring[(int) ((count - 1 - back) % ring.length)];
    }
}
