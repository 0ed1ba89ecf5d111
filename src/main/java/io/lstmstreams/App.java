package io.lstmstreams;

import io.lstmstreams.app.RunCommand;
import io.lstmstreams.backtest.BacktestCommand;
import io.lstmstreams.backtest.EngineForecaster;
import io.lstmstreams.broker.BrokerCommand;
import io.lstmstreams.config.ConfigException;
import io.lstmstreams.config.KafkaAuthenticationException;
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

    /** Exit code of a run stopped by a configuration error. */
    public static final int CONFIG_ERROR = 2;
    /** Exit code of a run stopped because the Kafka cluster refused its credentials. */
    public static final int AUTHENTICATION_FAILED = 3;

    /**
     * A configuration error or credentials the cluster refuses are the user's to fix: one line
     * naming the key and the bad value, or what to check, and no stack trace. Anything else keeps
     * picocli's default report.
     */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof ConfigException) {
            cli.getErr().println(e.getMessage());
            return CONFIG_ERROR;
        }
        if (e instanceof KafkaAuthenticationException) {
            cli.getErr().println(e.getMessage());
            return AUTHENTICATION_FAILED;
        }
        throw e;
    }

    /** The full command line, also used by tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new App());
        cli.addSubcommand("backtest", new BacktestCommand(EngineForecaster::new));
        cli.setExecutionExceptionHandler(App::handle);
        return cli;
    }
}
