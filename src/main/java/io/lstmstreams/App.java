package io.lstmstreams;

import io.lstmstreams.app.RunCommand;
import io.lstmstreams.backtest.BacktestCommand;
import io.lstmstreams.backtest.EngineForecaster;
import io.lstmstreams.broker.BrokerCommand;
import io.lstmstreams.demo.DemoCommand;
import io.lstmstreams.replay.ReplayCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: the command line, one subcommand per job. */
@Command(name = "lstm-streams", mixinStandardHelpOptions = true, version = "lstm-streams 0.1.0",
        description = "Real-time per-key LSTM forecasting inside Kafka Streams.",
        subcommands = {DemoCommand.class, RunCommand.class, ReplayCommand.class, BrokerCommand.class})
public final class App {
    private App() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new App());
        cli.addSubcommand("backtest", new BacktestCommand(EngineForecaster::new));
        return cli;
    }
}
