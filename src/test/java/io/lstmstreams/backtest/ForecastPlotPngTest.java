package io.lstmstreams.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

class ForecastPlotPngTest {
    private static final long T0 = 1_704_067_200_000L;
    private static final long STEP = 1_800_000L;

    @TempDir
    Path dir;

    @Test
    void shouldWriteAPngUnderExactlyTheGivenName() throws IOException {
        Path file = dir.resolve("chart.image");
        ForecastPlotPng.write(plotWithGaps(100), file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, "not a readable image");
        assertEquals(1400, image.getWidth());
        assertEquals(600, image.getHeight());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no stray temporary file is left");
        }
    }

    @Test
    void shouldDrawOneBandPolygonPerRunOfFiniteBoundsWithOneLegendEntry() {
        XYChart chart = ForecastPlotPng.chart(plotWithGaps(100));
        // bounds are missing for the first 5 points and at 50: two runs, so two polygons
        long bands = chart.getSeriesMap().keySet().stream().filter(n -> n.startsWith("interval")).count();
        assertEquals(2, bands);
        long inLegend = chart.getSeriesMap().values().stream()
                .filter(s -> s.getName().startsWith("interval") && s.isShowInLegend()).count();
        assertEquals(1, inLegend);
        assertTrue(chart.getSeriesMap().containsKey("actual"));
        assertTrue(chart.getSeriesMap().containsKey("forecast (h=2)"));
    }

    @Test
    void shouldStillWriteAChartWhenThereIsNothingToPlot() throws IOException {
        Path file = dir.resolve("empty.png");
        ForecastPlotPng.write(new ForecastPlot("s", 1, new long[] {T0}, new double[] {1}, new double[] {Double.NaN},
                new double[] {Double.NaN}, new double[] {Double.NaN}), file);
        assertNotNull(ImageIO.read(file.toFile()));
        assertFalse(ForecastPlotPng.chart(plotWithGaps(1)).getSeriesMap().containsKey("actual"));
    }

    private static ForecastPlot plotWithGaps(int n) {
        long[] t = new long[n];
        double[] actual = new double[n];
        double[] forecast = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * STEP;
            actual[i] = 100 + 20 * Math.sin(2 * Math.PI * i / 48);
            boolean known = i >= 5 && i != 50;
            forecast[i] = known ? actual[i] + 3 : Double.NaN;
            lo[i] = known ? forecast[i] - 10 : Double.NaN;
            hi[i] = known ? forecast[i] + 10 : Double.NaN;
        }
        return new ForecastPlot("s", 2, t, actual, forecast, lo, hi);
    }
}
