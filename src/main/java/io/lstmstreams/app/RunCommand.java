package io.lstmstreams.app;

import io.lstmstreams.config.AppConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: one instance against an existing Kafka cluster, until Ctrl-C or SIGTERM. The config
 * file may hold as little as {@code bootstrap.servers} and {@code state.dir}; everything else has
 * its default, and {@code LSTM_*} environment variables override any key. Without a file, the
 * defaults and the environment alone configure it (containers, docker-compose). Until a broker
 * accepts connections it waits, saying so once per {@link BrokerWait#RETRY}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the forecaster (stream + trainer) against an existing Kafka cluster until Ctrl-C.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "properties file (see config/application.properties); default: defaults + LSTM_* env")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        AppConfig appConfig = AppConfig.load(config, System.getenv());
        BrokerWait.await(appConfig.bootstrapServers(), BrokerWait.RETRY);
        try (AppInstance app = new AppInstance(appConfig)) {
            app.runUntilShutdown();
        }
        return 0;
    }
}
