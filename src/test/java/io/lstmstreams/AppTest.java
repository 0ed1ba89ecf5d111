package io.lstmstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AppTest {
    @TempDir
    Path dir;

    @Test
    void shouldStopOnABadConfigurationValueWithOneLineNamingTheKey() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"), "model.horizon=five\n");
        CommandLine cli = App.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("backtest", "--input", "src/main/resources/data/nab_nyc_taxi.csv.gz",
                "--config", config.toString(), "--no-progress");

        assertEquals(App.CONFIG_ERROR, code);
        assertEquals("invalid configuration: model.horizon=five (not an integer)", err.toString().strip());
    }
}
