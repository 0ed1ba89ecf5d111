package io.lstmstreams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

    /**
     * Kafka and Kafka Streams settings pass through under their own names; a bad value, alone or in
     * combination, must stop {@code run} the same way, before any client is created.
     */
    @ParameterizedTest
    @ValueSource(strings = {"commit.interval.ms=abc", "processing.guarantee=foo", "bootstrap.servers=nonsense",
        "bootstrap.servers=localhost:9092,kafka", "producer.acks=some", "producer.transaction.timeout.ms=50"})
    void shouldStopRunOnABadKafkaSettingWithOneLineNamingIt(String setting) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.properties"),
                "state.dir=" + dir.resolve("state").toString().replace('\\', '/') + "\n" + setting + "\n");
        CommandLine cli = App.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("run", "--config", config.toString());

        assertEquals(App.CONFIG_ERROR, code);
        String output = err.toString().strip();
        assertEquals(1, output.lines().count(), output);
        assertTrue(output.startsWith("invalid configuration: " + setting + " ("), output);
    }
}
