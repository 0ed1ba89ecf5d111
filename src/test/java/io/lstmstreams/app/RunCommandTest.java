package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lstmstreams.App;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

class RunCommandTest {
    @Test
    void shouldStartFromTheEnvironmentAloneAsContainersDo() {
        ParseResult parsed = App.commandLine().parseArgs("run");
        assertEquals("run", parsed.subcommand().commandSpec().name());
        assertEquals(0, parsed.subcommand().matchedOptions().size());
    }

    @Test
    void shouldAcceptAConfigFile() {
        ParseResult parsed = App.commandLine().parseArgs("run", "--config", "config/application.properties");
        assertEquals("config/application.properties",
                parsed.subcommand().matchedOption("--config").getValue().toString());
    }

    @Test
    void shouldRejectUnknownOptions() {
        CommandLine cli = App.commandLine();
        org.junit.jupiter.api.Assertions.assertThrows(CommandLine.UnmatchedArgumentException.class,
                () -> cli.parseArgs("run", "--bogus"));
    }
}
