package io.lstmstreams.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's memory: the most recent segments across all keys, oldest evicted first. The newest
 * {@code validationSegments} are held out of training so that champion and challenger are compared on
 * data neither was trained on. Thread-safe: stream threads add while the training thread snapshots.
 */
public final class ReplayBuffer {
    private final int capacity;
    private final int validationSegments;
    private final ArrayDeque<Segment> segments;
    private long added;

    public ReplayBuffer(int capacity, int validationSegments) {
        if (capacity < 1 || validationSegments < 0) {
            throw new IllegalArgumentException("capacity must be >= 1 and validation segments >= 0");
        }
        this.capacity = capacity;
        this.validationSegments = validationSegments;
        this.segments = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** The segments of one retraining: older ones to train on, the newest held out, both oldest first. */
    public record Snapshot(List<Segment> training, List<Segment> validation) {
        public Snapshot {
            training = List.copyOf(training);
            validation = List.copyOf(validation);
        }
    }

    public synchronized void add(Segment segment) {
        if (segments.size() == capacity) {
            segments.removeFirst();
        }
        segments.addLast(segment);
        added++;
    }

    /** A consistent copy; training is empty until more than {@code validationSegments} have arrived. */
    public synchronized Snapshot snapshot() {
        List<Segment> all = new ArrayList<>(segments);
        int split = Math.max(0, all.size() - validationSegments);
        return new Snapshot(all.subList(0, split), all.subList(split, all.size()));
    }

    public synchronized int size() {
        return segments.size();
    }

    /** Segments added since creation, evicted ones included. */
    public synchronized long added() {
        return added;
    }

    public int capacity() {
        return capacity;
    }

    public int validationSegments() {
        return validationSegments;
    }
}
