package io.lstmstreams.training;

/**
 * A training sequence cut from one key's recent history: encoded inputs and the next-horizon
 * targets of every step, all known (segments are cut only once their targets have arrived).
 *
 * @param seriesId the key it came from
 * @param inputs network input per step, {@code [steps][inputSize]}
 * @param targets normalised next-horizon values per step, {@code [steps][horizon]}
 * @param lossFrom first step whose targets count in the loss (steps before it are burn-in)
 * @param initialState recurrent state at the first step in the kernel's layout, or null for zeros
 */
public record Segment(String seriesId, float[][] inputs, float[][] targets, int lossFrom, float[] initialState) {
    public Segment {
        if (inputs.length != targets.length || inputs.length == 0) {
            throw new IllegalArgumentException("inputs and targets must have the same, non-zero length");
        }
        if (lossFrom < 0 || lossFrom >= inputs.length) {
            throw new IllegalArgumentException("lossFrom out of range: " + lossFrom);
        }
    }

    public int steps() {
        return inputs.length;
    }
}
