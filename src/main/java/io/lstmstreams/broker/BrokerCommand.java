package io.lstmstreams.broker;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code broker}: runs the embedded single-node Kafka cluster alone until Ctrl-C, for kcat, the
 * Kafka command-line tools or an app started elsewhere.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka cluster (KRaft broker + controller) until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "P", defaultValue = "9092",
            description = "Port of the client listener; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", paramLabel = "D",
            description = "Directory to keep the data in across runs (default: a temporary one, deleted on exit).")
    private Path dataDir;

    public int port() {
        return port;
    }

    /** The data directory given, or null for a temporary one. */
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().port(port);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        EmbeddedKafkaBroker broker = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C runs shutdown hooks; stop the broker cleanly there, then let call() return
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka is ready at " + broker.bootstrapServers()
                + (dataDir == null ? " (temporary data)" : " (data in " + dataDir + ")") + ". Ctrl-C stops it.");
        stopped.await();
        return 0;
    }
}
