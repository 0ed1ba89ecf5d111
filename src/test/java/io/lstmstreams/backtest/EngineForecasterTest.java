package io.lstmstreams.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine behind {@code backtest}, on the first days of the bundled NYC taxi series. */
class EngineForecasterTest {
    private static final int ROWS = 1500;

    @TempDir
    static Path dir;

    private static Path input;

    @BeforeAll
    static void firstRows() throws IOException {
        input = dir.resolve("taxi.csv");
        Path bundled = Path.of("src/main/resources/data/nab_nyc_taxi.csv.gz");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(bundled)), StandardCharsets.UTF_8));
                Writer out = Files.newBufferedWriter(input)) {
            for (int i = 0; i <= ROWS; i++) {
                out.write(in.readLine());
                out.write('\n');
            }
        }
    }

    private static EngineConfig config() {
        Properties p = new Properties();
        p.setProperty("model.hidden", "8");
        p.setProperty("features.season.steps", "48");
        p.setProperty("window.size", "150");
        p.setProperty("training.retrain.every-events", "250");
        p.setProperty("training.validation.segments", "4");
        p.setProperty("training.batch-size", "32");
        return EngineConfig.fromProperties(p);
    }

    private static BacktestResult run(EngineForecaster forecaster, Path output) throws IOException {
        BacktestOptions options = BacktestOptions.defaults().withHorizon(5).withScoreFrom(1000).withSeason(48)
                .withOutput(output, EmitMode.ALL).withProgress(false);
        try (ObservationCsvReader reader = ObservationCsvReader.open(input)) {
            return new BacktestRunner(forecaster, options).run(reader);
        }
    }

    @Test
    void shouldWriteByteIdenticalForecastsForTheSameInputAndSeed() throws IOException {
        Path first = dir.resolve("first.csv");
        Path second = dir.resolve("second.csv");
        try (EngineForecaster a = new EngineForecaster(config()); EngineForecaster b = new EngineForecaster(config())) {
            run(a, first);
            run(b, second);
            assertTrue(a.modelVersion() >= 1, "no model was accepted");
            assertEquals(a.modelVersion(), b.modelVersion());
            assertEquals("model v" + a.modelVersion() + ", " + a.retrainer().runs() + " retrainings", a.status());
        }
        byte[] bytes = Files.readAllBytes(first);
        assertTrue(bytes.length > ROWS * 5 * 20);
        assertArrayEquals(bytes, Files.readAllBytes(second));
    }

    @Test
    void shouldLearnToBeatTheShiftBaselineOnline() throws IOException {
        try (EngineForecaster forecaster = new EngineForecaster(config())) {
            BacktestResult result = run(forecaster, null);
            HorizonAccuracy h5 = result.accuracy().at(5);
            assertEquals(0, result.rejected());
            assertTrue(forecaster.retrainer().runs() >= 4);
            assertTrue(h5.model().nrmse() < h5.shift().nrmse(),
                    "model " + h5.model().nrmse() + " vs shift " + h5.shift().nrmse());
            assertTrue(h5.model().coverage() > 0.6, "coverage " + h5.model().coverage());
        }
    }
}
