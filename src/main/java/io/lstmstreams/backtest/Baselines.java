package io.lstmstreams.backtest;

/**
 * The two reference forecasts every backtest reports, computed from past values only.
 *
 * <ul>
 *   <li><b>shift</b>: every step repeats the latest value (seen from the target: the value h
 *       steps back).
 *   <li><b>seasonal naive</b>: step h repeats the value one season before its target, i.e. the
 *       event {@code season - h} back from the origin (for h > season, whole seasons further
 *       back until it is in the past). Until a season of history exists it falls back to shift;
 *       the fallbacks are counted and reported.
 * </ul>
 */
final class Baselines {
    private Baselines() {
    }

    /** History a series must keep for seasonal naive at steps up to {@code horizon}. */
    static int historyNeeded(int season, int horizon) {
        return season * ceilDiv(horizon, season);
    }

    static double shift(ValueHistory history) {
        return history.back(0);
    }

    /** Events back from the origin to the value one (or more) season before step h's target. */
    static int seasonalLag(int season, int h) {
        return season * ceilDiv(h, season) - h;
    }

    /** Seasonal naive for step h, or NaN when the history is too short (caller falls back). */
    static double seasonalNaive(ValueHistory history, int season, int h) {
        int back = seasonalLag(season, h);
        return history.has(back) ? history.back(back) : Double.NaN;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
