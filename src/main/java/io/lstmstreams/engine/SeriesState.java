package io.lstmstreams.engine;

import io.lstmstreams.config.EngineConfig;

/**
 * Everything one key needs between events: the recurrent state of every layer and the model
 * version it belongs to, the normaliser, timing, pending forecasts with the error and calibration
 * sums they feed, a bounded window of recent observations, and state snapshots for segments that
 * start from the stream's own state. Mutable and owned by one thread at a time (the stream task
 * that holds the key); {@link SeriesStateCodec} turns it into bytes for the state store.
 */
public final class SeriesState {
    long modelVersion;
    float[] cellState;
    final RunningNormaliser normaliser;
    long eventCount;
    long lastTimestamp;
    long typicalStep;
    final ObservationWindow window;
    final PendingForecasts pending;
    final IntervalCalibrator calibrator;
    final OnlineAccuracy accuracy;
    final ShiftBlend blend;
    final StateSnapshots snapshots;

    SeriesState(long modelVersion, float[] cellState, RunningNormaliser normaliser, long eventCount,
            long lastTimestamp, long typicalStep, ObservationWindow window, PendingForecasts pending,
            IntervalCalibrator calibrator, OnlineAccuracy accuracy, ShiftBlend blend, StateSnapshots snapshots) {
        this.modelVersion = modelVersion;
        this.cellState = cellState;
        this.normaliser = normaliser;
        this.eventCount = eventCount;
        this.lastTimestamp = lastTimestamp;
        this.typicalStep = typicalStep;
        this.window = window;
        this.pending = pending;
        this.calibrator = calibrator;
        this.accuracy = accuracy;
        this.blend = blend;
        this.snapshots = snapshots;
    }

    /** A key seen for the first time. */
    public static SeriesState initial(EngineConfig config, int cellStateSize, long modelVersion) {
        int h = config.horizon();
        return new SeriesState(modelVersion, new float[cellStateSize], new RunningNormaliser(), 0, Long.MIN_VALUE,
                0, new ObservationWindow(config.windowSize()), new PendingForecasts(h),
                new IntervalCalibrator(h, config.intervalCoverage()), new OnlineAccuracy(h),
                new ShiftBlend(h, config.blendRate()), new StateSnapshots(StateSnapshots.capacityFor(config)));
    }

    public long modelVersion() {
        return modelVersion;
    }

    public long eventCount() {
        return eventCount;
    }

    /** Event time of the newest accepted observation, or {@code Long.MIN_VALUE} before the first. */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    public long typicalStep() {
        return typicalStep;
    }

    public RunningNormaliser normaliser() {
        return normaliser;
    }

    public OnlineAccuracy accuracy() {
        return accuracy;
    }

    public ShiftBlend blend() {
        return blend;
    }

    /** The key's recent forecasts, the newest first (read-only use: interactive queries). */
    public PendingForecasts pending() {
        return pending;
    }

    public ObservationWindow window() {
        return window;
    }

    /** A copy of the recurrent state, per layer bottom first ({@code [h | c]} for LSTM). */
    public float[] cellState() {
        return cellState.clone();
    }
}
