package io.lstmstreams.backtest;

/**
 * The model and both baselines at one horizon, scored over the same points.
 *
 * @param h the step, 1-based
 * @param model the forecaster under test
 * @param shift repeat the latest value
 * @param seasonalNaive repeat the value one season before the target
 */
public record HorizonAccuracy(int h, Metrics model, Metrics shift, Metrics seasonalNaive) {
}
