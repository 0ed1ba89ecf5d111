package io.lstmstreams.engine;

/**
 * A key's most recent observations, oldest first, in a fixed-capacity ring. Index 0 is the oldest
 * kept; {@link #size()} - 1 is the newest.
 */
public final class ObservationWindow {
    private final long[] timestamps;
    private final float[] values;
    private int start;
    private int size;

    public ObservationWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.timestamps = new long[capacity];
        this.values = new float[capacity];
    }

    public int capacity() {
        return values.length;
    }

    public int size() {
        return size;
    }

    public void add(long timestamp, float value) {
        int cap = values.length;
        if (size < cap) {
            int at = (start + size) % cap;
            timestamps[at] = timestamp;
            values[at] = value;
            size++;
        } else {
            timestamps[start] = timestamp;
            values[start] = value;
            start = (start + 1) % cap;
        }
    }

    public float value(int index) {
        return values[slot(index)];
    }

    public long timestamp(int index) {
        return timestamps[slot(index)];
    }

    private int slot(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        return (start + index) % values.length;
    }
}
