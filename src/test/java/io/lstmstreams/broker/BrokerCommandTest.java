package io.lstmstreams.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerCommandTest {

    @Test
    void defaultsToPort9092AndATemporaryDirectory() {
        BrokerCommand command = new BrokerCommand();
        new CommandLine(command).parseArgs();
        assertEquals(EmbeddedKafkaBroker.DEFAULT_PORT, command.port());
        assertNull(command.dataDir());
    }

    @Test
    void takesPortAndDataDirectory() {
        BrokerCommand command = new BrokerCommand();
        new CommandLine(command).parseArgs("--port", "0", "--data-dir", "kafka-data");
        assertEquals(0, command.port());
        assertEquals(Path.of("kafka-data"), command.dataDir());
    }

    @Test
    void rejectsANonNumericPort() {
        CommandLine commandLine = new CommandLine(new BrokerCommand());
        assertThrows(CommandLine.ParameterException.class, () -> commandLine.parseArgs("--port", "kafka"));
    }

    @Test
    void isNamedBroker() {
        assertEquals("broker", new CommandLine(new BrokerCommand()).getCommandName());
    }
}
