package io.lstmstreams.config;

/** What the network's outputs mean. */
public enum TargetMode {
    /** The normalised value at each future step. */
    LEVEL,
    /** The normalised change from the current value to each future step. */
    CHANGE
}
