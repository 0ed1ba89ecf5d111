package io.lstmstreams.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestRunnerTest {
    @TempDir
    Path dir;

    @Test
    void shouldGiveByteIdenticalCsvAndReportForTheSameInput() throws IOException {
        Path input = twoSeries("in.csv.gz", 400);
        BacktestOptions options = BacktestOptions.defaults().withHorizon(3).withSeason(48).withScoreFrom(200);
        String first = runTo(input, options, dir.resolve("a.csv"));
        String second = runTo(input, options, dir.resolve("b.csv"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.csv")), Files.readAllBytes(dir.resolve("b.csv")));
        assertEquals(first, second);
        List<String> lines = Files.readAllLines(dir.resolve("a.csv"));
        assertEquals(ForecastCsvWriter.HEADER, lines.get(0));
        // every event but the first of each of the two series has a forecast of 3 steps
        assertEquals(1 + 2 * (400 - 1) * 3, lines.size());
        assertTrue(first.contains("per series at h=3"), first);
        assertTrue(first.contains("of 2"), first);
    }

    @Test
    void shouldSkipAndCountBadRowsOrFailNamingTheLineWhenStrict() throws IOException {
        Path input = dir.resolve("bad.csv");
        Files.writeString(input, """
                series_id,timestamp,value
                a,2015-01-01T00:00:00,1
                a,2015-01-01T00:30:00,oops
                a,2015-01-01T01:00:00,3
                a,2015-01-01T01:30:00,4
                """);
        BacktestResult result = run(input, BacktestOptions.defaults().withHorizon(1));
        assertEquals(3, result.events());
        assertEquals(1, result.rejected());
        assertEquals(3, result.firstRejections().get(0).line());
        assertTrue(AccuracyReport.format(result).contains("rejected line 3:"));

        IOException e = assertThrows(IOException.class,
                () -> run(input, BacktestOptions.defaults().withHorizon(1).withFailOnReject(true)));
        assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    }

    @Test
    void shouldWriteAPlotOfTheRequestedSeries() throws IOException {
        Path input = twoSeries("plot.csv", 300);
        Path png = dir.resolve("plot.png");
        run(input, BacktestOptions.defaults().withHorizon(2).withSeason(48).withPlot(png, "b", 1, 100));
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        assertEquals(600, image.getHeight());
    }

    @Test
    void shouldRejectAForecastOfAnotherSeries() throws IOException {
        Path input = twoSeries("mix.csv", 10);
        BacktestRunner runner = new BacktestRunner(o -> TestForecasts.of(TestForecasts.obs("other", 0, 0), 1),
                BacktestOptions.defaults().withHorizon(1));
        try (ObservationCsvReader reader = ObservationCsvReader.open(input)) {
            assertThrows(IllegalStateException.class, () -> runner.run(reader));
        }
    }

    private BacktestResult run(Path input, BacktestOptions options) throws IOException {
        try (ObservationCsvReader reader = ObservationCsvReader.open(input)) {
            return new BacktestRunner(new SeasonalNaiveForecaster(options.horizon(), options.season()), options)
                    .run(reader);
        }
    }

    private String runTo(Path input, BacktestOptions options, Path csv) throws IOException {
        return AccuracyReport.format(run(input, options.withOutput(csv, EmitMode.ALL)));
    }

    /** Two interleaved daily-periodic series with a little deterministic wobble. */
    private Path twoSeries(String name, int steps) throws IOException {
        StringBuilder sb = new StringBuilder("series_id,timestamp,value\n");
        for (int i = 0; i < steps; i++) {
            String ts = java.time.LocalDateTime.of(2015, 1, 1, 0, 0).plusMinutes(30L * i).toString() + ":00";
            double day = Math.sin(2 * Math.PI * i / 48);
            sb.append("a,").append(ts).append(',').append(100 + 20 * day + (i * 7 % 5)).append('\n');
            sb.append("b,").append(ts).append(',').append(5 + day + (i * 3 % 7) / 10.0).append('\n');
        }
        Path file = dir.resolve(name);
        try (OutputStream out = name.endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }
}
