package io.lstmstreams.backtest;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import java.util.ArrayDeque;

/**
 * Keeps the last {@code points} events of one series with their step-h forecasts, for a plot.
 * Memory is bounded by {@code points} plus h pending forecasts.
 */
public final class ForecastPlotCollector implements BacktestSink {
    private record Point(long timestamp, double actual, double forecast, double lower, double upper) {
    }

    private final int h;
    private final int points;
    private final ArrayDeque<Point> window = new ArrayDeque<>();
    private final TargetMatcher<Forecast> matcher = new TargetMatcher<>();
    private String seriesId;

    /**
     * @param seriesId the series to plot, or null for the first series of the input
     * @param h the forecast step to plot, 1-based
     * @param points how many of the latest events to keep
     */
    public ForecastPlotCollector(String seriesId, int h, int points) {
        if (h < 1 || points < 1) {
            throw new IllegalArgumentException("h and points must be >= 1, got " + h + " and " + points);
        }
        this.seriesId = seriesId;
        this.h = h;
        this.points = points;
    }

    @Override
    public void onEvent(long rowIndex, Observation observation, Forecast forecast) {
        if (seriesId == null) {
            seriesId = observation.seriesId();
        }
        if (!seriesId.equals(observation.seriesId())) {
            return;
        }
        Forecast[] madeForThis = new Forecast[1];
        matcher.advance(observation, (f, step, event, last) -> {
            if (last) {
                madeForThis[0] = f;
            }
        });
        Forecast f = madeForThis[0];
        window.addLast(f == null
                ? new Point(observation.timestamp(), observation.value(), Double.NaN, Double.NaN, Double.NaN)
                : new Point(observation.timestamp(), observation.value(), f.value(h), f.lower(h), f.upper(h)));
        if (window.size() > points) {
            window.removeFirst();
        }
        if (forecast != null && forecast.horizon() >= h) {
            matcher.add(observation.seriesId(), forecast, h);
        }
    }

    /** The series plotted (null until the first event when none was named). */
    public String seriesId() {
        return seriesId;
    }

    /** The points kept so far. */
    public ForecastPlot plot() {
        int n = window.size();
        long[] ts = new long[n];
        double[] actual = new double[n];
        double[] forecast = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        int i = 0;
        for (Point p : window) {
            ts[i] = p.timestamp;
            actual[i] = p.actual;
            forecast[i] = p.forecast;
            lower[i] = p.lower;
            upper[i] = p.upper;
            i++;
        }
        return new ForecastPlot(seriesId == null ? "" : seriesId, h, ts, actual, forecast, lower, upper);
    }
}
