package io.lstmstreams.engine;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;

/**
 * Recurrent states saved at the first step of segments that will be cut later, so a segment can
 * start training from the state the stream actually had ("state saving"). A small ring: a
 * snapshot is needed {@code k2 + horizon} events after it is taken and one is taken every k1.
 */
public final class StateSnapshots {
    final long[] eventIndex;
    final long[] modelVersion;
    final float[][] states;
    int size;

    public StateSnapshots(int capacity) {
        this.eventIndex = new long[capacity];
        this.modelVersion = new long[capacity];
        this.states = new float[capacity][];
    }

    static int capacityFor(EngineConfig config) {
        if (config.segmentStart() != SegmentStart.STATE) {
            return 0;
        }
        return (config.segmentLength() + config.horizon()) / config.segmentEvery() + 2;
    }

    public int capacity() {
        return states.length;
    }

    void save(long index, long version, float[] state) {
        if (states.length == 0) {
            return;
        }
        if (size == states.length) {
            System.arraycopy(eventIndex, 1, eventIndex, 0, size - 1);
            System.arraycopy(modelVersion, 1, modelVersion, 0, size - 1);
            System.arraycopy(states, 1, states, 0, size - 1);
            size--;
        }
        eventIndex[size] = index;
        modelVersion[size] = version;
        states[size] = state.clone();
        size++;
    }

    /** The state saved before event {@code index} under {@code version}, or null. */
    float[] find(long index, long version) {
        for (int i = 0; i < size; i++) {
            if (eventIndex[i] == index && modelVersion[i] == version) {
                return states[i];
            }
        }
        return null;
    }
}
