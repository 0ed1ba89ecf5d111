package io.lstmstreams.backtest;

import java.nio.file.Path;

/**
 * How a backtest runs. Immutable; start from {@link #defaults()} and change with the withers.
 *
 * @param horizon H: steps scored (and written, when the forecast has them)
 * @param scoreFrom first 0-based file row whose forecasts are scored (DATA.md's NYC taxi
 *     protocol: 10000)
 * @param season seasonal-naive season in steps (336 = one week of 30-minute steps)
 * @param emit which forecasts the CSV gets
 * @param output forecasts CSV, or null for none
 * @param progress show a progress bar on stderr; only when the JVM has a console (stdin and
 *     stdout on a terminal, so not when the report is redirected) and {@code CI} is not set
 * @param failOnReject stop at the first bad row instead of skipping and counting it
 * @param plot PNG of actual vs forecast, or null for none
 * @param plotSeries series to plot, or null for the first of the input
 * @param plotH step to plot, 0 = the horizon
 * @param plotPoints latest events to plot
 */
public record BacktestOptions(int horizon, long scoreFrom, int season, EmitMode emit, Path output,
        boolean progress, boolean failOnReject, Path plot, String plotSeries, int plotH, int plotPoints) {

    /** Two weeks of 30-minute steps. */
    public static final int DEFAULT_PLOT_POINTS = 672;
    /** One week of 30-minute steps. */
    public static final int DEFAULT_SEASON = 336;

    public BacktestOptions {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        if (scoreFrom < 0) {
            throw new IllegalArgumentException("score-from must be >= 0, got " + scoreFrom);
        }
        if (season < 1) {
            throw new IllegalArgumentException("season must be >= 1, got " + season);
        }
        if (plotH < 0 || plotH > horizon) {
            throw new IllegalArgumentException("plot h must be in 1.." + horizon + " (0 = horizon), got " + plotH);
        }
        if (plotPoints < 1) {
            throw new IllegalArgumentException("plot points must be >= 1, got " + plotPoints);
        }
        if (emit == null) {
            throw new IllegalArgumentException("emit mode is required");
        }
    }

    /** Horizon 5, everything scored, weekly season of 30-minute steps, no files, no progress bar. */
    public static BacktestOptions defaults() {
        return new BacktestOptions(5, 0, DEFAULT_SEASON, EmitMode.ALL, null, false, false, null, null, 0,
                DEFAULT_PLOT_POINTS);
    }

    /** The step plotted: {@link #plotH} or, when 0, the horizon. */
    public int effectivePlotH() {
        return plotH == 0 ? horizon : plotH;
    }

    public BacktestOptions withHorizon(int h) {
        return new BacktestOptions(h, scoreFrom, season, emit, output, progress, failOnReject, plot, plotSeries,
                Math.min(plotH, h), plotPoints);
    }

    public BacktestOptions withScoreFrom(long row) {
        return new BacktestOptions(horizon, row, season, emit, output, progress, failOnReject, plot, plotSeries,
                plotH, plotPoints);
    }

    public BacktestOptions withSeason(int steps) {
        return new BacktestOptions(horizon, scoreFrom, steps, emit, output, progress, failOnReject, plot,
                plotSeries, plotH, plotPoints);
    }

    public BacktestOptions withOutput(Path file, EmitMode mode) {
        return new BacktestOptions(horizon, scoreFrom, season, mode, file, progress, failOnReject, plot,
                plotSeries, plotH, plotPoints);
    }

    public BacktestOptions withProgress(boolean show) {
        return new BacktestOptions(horizon, scoreFrom, season, emit, output, show, failOnReject, plot, plotSeries,
                plotH, plotPoints);
    }

    public BacktestOptions withFailOnReject(boolean fail) {
        return new BacktestOptions(horizon, scoreFrom, season, emit, output, progress, fail, plot, plotSeries,
                plotH, plotPoints);
    }

    public BacktestOptions withPlot(Path file, String series, int h, int points) {
        return new BacktestOptions(horizon, scoreFrom, season, emit, output, progress, failOnReject, file, series,
                h, points);
    }
}
