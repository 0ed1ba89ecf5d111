package io.lstmstreams.config;

/** How a training segment's recurrent state is initialised. */
public enum SegmentStart {
    /** From the (c, h) the stream had at the segment's first step ("state saving"). */
    STATE,
    /** From zeros, after a burn-in prefix of real observations that is excluded from the loss. */
    BURN_IN,
    /** From zeros. */
    ZEROS
}
