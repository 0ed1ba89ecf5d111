package io.lstmstreams.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BacktestCommandTest {
    @TempDir
    Path dir;

    @Test
    void shouldBuildTheForecasterFromConfigWithHorizonOverriddenAndPrintTheReport() throws IOException {
        Path input = input();
        Path config = config();
        AtomicReference<EngineConfig> seen = new AtomicReference<>();
        StringWriter out = new StringWriter();
        int code = command(seen, out).execute("--input", input.toString(), "--config", config.toString(),
                "--horizon", "2", "--score-from", "4", "--no-progress");
        assertEquals(0, code);
        assertEquals(2, seen.get().horizon());
        String report = out.toString();
        assertTrue(report.contains("horizon 2; seasonal naive season 4 steps"), report);
        assertTrue(report.contains("file row >= 4"), report);
    }

    @Test
    void shouldAcceptEmitModeInAnyCaseAndWriteTheLastForecasts() throws IOException {
        Path output = dir.resolve("last.csv");
        int code = command(new AtomicReference<>(), new StringWriter()).execute("--input", input().toString(),
                "--config", config().toString(), "--horizon", "3", "--emit", "LAST", "--output", output.toString(),
                "--no-progress");
        assertEquals(0, code);
        List<String> lines = Files.readAllLines(output);
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).startsWith("s,2015-01-01T05:30:00Z,1,2015-01-01T06:00:00Z,"), lines.get(1));
    }

    @Test
    void shouldRefuseAnUnknownEmitMode() throws IOException {
        int code = command(new AtomicReference<>(), new StringWriter()).execute("--input", input().toString(),
                "--emit", "some");
        assertEquals(2, code);
    }

    private static CommandLine command(AtomicReference<EngineConfig> seen, StringWriter out) {
        CommandLine cli = new CommandLine(new BacktestCommand(c -> {
            seen.set(c);
            return new SeasonalNaiveForecaster(c.horizon(), Math.max(1, c.seasonSteps()));
        }));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        return cli;
    }

    /** Season 4; a window big enough for any horizon used here. */
    private Path config() throws IOException {
        Path config = dir.resolve("small.properties");
        Files.writeString(config, "features.season.steps=4\nwindow.size=500\n");
        return config;
    }

    private Path input() throws IOException {
        StringBuilder sb = new StringBuilder("series_id,timestamp,value\n");
        for (int i = 0; i < 12; i++) {
            sb.append("s,2015-01-01T").append(String.format("%02d:%02d:00", i / 2, 30 * (i % 2)))
                    .append(',').append(i % 4).append('\n');
        }
        Path file = dir.resolve("in.csv");
        Files.writeString(file, sb.toString());
        return file;
    }
}
