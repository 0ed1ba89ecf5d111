package io.lstmstreams.training;

/** One TBPTT pass over a minibatch: an update per chunk. Not thread-safe. */
interface BatchFitter {
    /**
     * Trains on {@code batch}; returns the summed masked squared error of its chunks (per step averaged
     * over the horizon, summed over rows and steps, measured before each update).
     */
    double fit(SegmentBatch batch);
}
