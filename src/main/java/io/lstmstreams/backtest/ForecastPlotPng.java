package io.lstmstreams.backtest;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link ForecastPlot} to a PNG with XChart: the actuals, the step-h forecast and its
 * interval band, on a time axis in UTC. Rendered in headless mode, so it runs on servers and in CI.
 *
 * <p>The band is drawn as one closed polygon per run of consecutive points that all have finite
 * bounds (upper edge forwards, lower edge backwards): XChart's area styles fill down to the axis,
 * not between two series, and a single polygon across a gap would bridge it.
 */
public final class ForecastPlotPng {
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 600;
    private static final Color BAND = new Color(70, 130, 220, 60);
    private static final Color FORECAST = new Color(30, 90, 200);
    private static final String DATE_PATTERN = "MM-dd HH:mm";

    private ForecastPlotPng() {
    }

    /** Writes the plot as a PNG file. */
    public static void write(ForecastPlot plot, Path file) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        XYChart chart = chart(plot);
        // XChart appends ".png" unless the name already ends with it; write to a name that does
        // and move it, so that any file name the caller chose is honoured
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp.png");
        BitmapEncoder.saveBitmap(chart, tmp.toString(), BitmapFormat.PNG);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The chart, for tests and for other encoders. */
    static XYChart chart(ForecastPlot p) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(p.seriesId() + ": actual vs forecast at h=" + p.h() + " with interval")
                .xAxisTitle("time (UTC)").yAxisTitle("value").build();
        chart.getStyler().setDatePattern(DATE_PATTERN);
        chart.getStyler().setTimezone(TimeZone.getTimeZone("UTC"));
        chart.getStyler().setLocale(Locale.ROOT);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setAntiAlias(true);
        if (p.size() < 2) {
            // XChart refuses a chart without series; one invisible point keeps the title readable
            XYSeries empty = chart.addSeries("not enough points to plot", new double[] {0}, new double[] {0});
            empty.setMarker(SeriesMarkers.NONE);
            return chart;
        }
        band(chart, p);
        line(chart, "forecast (h=" + p.h() + ")", p.timestamps(), p.forecast(), FORECAST);
        line(chart, "actual", p.timestamps(), p.actual(), Color.BLACK);
        return chart;
    }

    private static void line(XYChart chart, String name, long[] t, double[] v, Color color) {
        List<Date> x = new ArrayList<>(t.length);
        List<Double> y = new ArrayList<>(t.length);
        for (int i = 0; i < t.length; i++) {
            x.add(new Date(t[i]));
            // XChart leaves a gap at a null value
            y.add(Double.isFinite(v[i]) ? v[i] : null);
        }
        XYSeries series = chart.addSeries(name, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
    }

    private static void band(XYChart chart, ForecastPlot p) {
        double[] lo = p.lower();
        double[] hi = p.upper();
        int runs = 0;
        int start = -1;
        for (int i = 0; i <= p.size(); i++) {
            boolean ok = i < p.size() && Double.isFinite(lo[i]) && Double.isFinite(hi[i]);
            if (ok && start < 0) {
                start = i;
            } else if (!ok && start >= 0) {
                if (i - start >= 2) {
                    polygon(chart, p, start, i, runs++ == 0);
                }
                start = -1;
            }
        }
    }

    /** Points {@code [from, to)} as a closed polygon: upper bounds forwards, lower bounds back. */
    private static void polygon(XYChart chart, ForecastPlot p, int from, int to, boolean inLegend) {
        List<Date> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = from; i < to; i++) {
            x.add(new Date(p.timestamps()[i]));
            y.add(p.upper()[i]);
        }
        for (int i = to - 1; i >= from; i--) {
            x.add(new Date(p.timestamps()[i]));
            y.add(p.lower()[i]);
        }
        XYSeries series = chart.addSeries(inLegend ? "interval [lo, hi]" : "interval " + from, x, y);
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(BAND);
        series.setLineColor(BAND);
        series.setShowInLegend(inLegend);
    }
}
