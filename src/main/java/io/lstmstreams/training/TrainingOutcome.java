package io.lstmstreams.training;

import java.time.Duration;

/**
 * What one retraining produced. Losses are masked mean squared errors over target steps (burn-in
 * excluded), averaged over the horizon, in the normalised units of the segments.
 *
 * @param params the challenger's flat parameters ({@code net.params()} layout)
 * @param epochLosses training loss of each epoch, measured during the epoch (before each update)
 * @param challengerLoss the challenger's loss on the validation segments, NaN when there are none
 * @param championLoss the starting weights' loss on the same segments, NaN when there are none
 * @param duration wall time of the whole call
 * @param divergence why training diverged, or null when it did not
 */
public record TrainingOutcome(float[] params, double[] epochLosses, double challengerLoss, double championLoss,
        Duration duration, String divergence) {

    public TrainingOutcome {
        params = params.clone();
        epochLosses = epochLosses.clone();
    }

    /** A diverged outcome must never be published. */
    public boolean diverged() {
        return divergence != null;
    }

    /** Loss of the last epoch, NaN when no epoch ran. */
    public double finalTrainingLoss() {
        return epochLosses.length == 0 ? Double.NaN : epochLosses[epochLosses.length - 1];
    }

    @Override
    public float[] params() {
        return params.clone();
    }

    @Override
    public double[] epochLosses() {
        return epochLosses.clone();
    }
}
