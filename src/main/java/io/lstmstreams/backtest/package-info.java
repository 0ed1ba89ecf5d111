/**
 * The {@code backtest} command: a data file replayed through a {@link io.lstmstreams.backtest.Forecaster}
 * in file order, deterministic, scored against two baselines computed in the same pass.
 *
 * <h2>Definitions</h2>
 * <ul>
 *   <li><b>Row index</b>: 0-based data row of the file (header excluded; rejected rows keep theirs).
 *   <li><b>Target</b> of step h of a forecast made at event e: the h-th next event of the same
 *       series, whatever its timestamp (exact on regular data, the documented rule on irregular).
 *   <li><b>Scored point</b> (origin, h): the origin's row index is at least {@code --score-from},
 *       the forecaster gave a finite step h there, and the target arrived. The model, shift and
 *       seasonal naive are scored at exactly the same points.
 *   <li><b>NRMSE</b> = RMSE / population std of every value of the series in the file.
 *       <b>MAPE</b> = mean|e| / mean|y| (the published NYC taxi protocol's "MAPE").
 *       <b>sMAPE</b> = mean of 2|e| / (|y| + |ŷ|), a term being 0 when both are 0.
 *       <b>MASE</b> = MAE / MAE of seasonal naive over the same points. <b>Coverage</b> = share of
 *       actuals inside [lo, hi]; width = mean hi - lo (and / std).
 *   <li><b>Shift</b>: every step repeats the origin's value. <b>Seasonal naive</b>: step h repeats
 *       the value one season ({@code --season} steps) before its target; shift until a season of
 *       history exists (counted and reported).
 *   <li>Several series: each metric per series, then the mean over series; the report adds a
 *       per-series table and the share of series with MASE &lt; 1 at the last step.
 * </ul>
 *
 * <h2>Bad rows</h2>
 * The reader returns a rejection naming the line instead of throwing; the runner skips and counts
 * it (the report shows the first few), or fails on the first with {@code --strict}.
 *
 * <h2>Validation</h2>
 * On {@code nyc_taxi_full_year} (horizon 5, score from row 10,000) shift scores NRMSE 0.92595 and
 * MAPE 0.32195 at h = 5; the published 0.927 / 0.322 include five wrapped pairs from the paper's
 * {@code np.roll} (see {@code NycTaxiProtocolTest}).
 */
package io.lstmstreams.backtest;
