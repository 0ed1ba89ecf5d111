package io.lstmstreams.replay;

import io.lstmstreams.backtest.CsvRow;
import io.lstmstreams.backtest.ObservationCsvReader;
import io.lstmstreams.stream.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code replay}: a CSV file ({@code series_id,timestamp,value}, gzip or plain) into the events topic
 * of a running cluster, in file order, at a steady rate; see {@link EventReplayer} for the record
 * format. Rows that do not parse are skipped, counted and the first few named.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Send a CSV file of observations to the events topic of a running Kafka cluster.")
public final class ReplayCommand implements Callable<Integer> {
    private static final int NAMED_REJECTIONS = 5;
    private static final int PROGRESS_EVERY = 256;

    @Spec
    private CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "the Kafka cluster")
    private String bootstrap;

    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "CSV series_id,timestamp,value (gzip by name or content)")
    private Path input;

    @Option(names = "--topic", paramLabel = "T", defaultValue = Topics.DEFAULT_PREFIX + Topics.EVENTS,
            description = "topic to write to (default: ${DEFAULT-VALUE})")
    private String topic;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "0",
            description = "events per second; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    private double rate;

    @Option(names = "--no-progress", description = "no progress bar")
    private boolean noProgress;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Properties client = new Properties();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long start = System.nanoTime();
        long rejected = 0;
        long sent;
        try (ObservationCsvReader reader = ObservationCsvReader.open(input);
                EventReplayer replayer = EventReplayer.create(client, topic, rate);
                ProgressBar bar = ConsoleProgress.open("replay", reader.sizeBytes(), "KiB", 1024, !noProgress)) {
            for (CsvRow row = reader.next(); row != null; row = reader.next()) {
                if (row instanceof CsvRow.Rejected r) {
                    if (++rejected <= NAMED_REJECTIONS) {
                        err.println("skipping " + r.describe());
                    }
                    continue;
                }
                replayer.send(((CsvRow.Parsed) row).observation());
                if (bar != null && replayer.sent() % PROGRESS_EVERY == 0) {
                    bar.stepTo(reader.bytesRead());
                }
            }
            replayer.flush();
            if (bar != null) {
                bar.stepTo(reader.sizeBytes());
            }
            sent = replayer.sent();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "replayed %d events from %s to %s in %.1f s (%.0f events/s); %d rows skipped%n",
                sent, input.getFileName(), topic, seconds, sent / Math.max(seconds, 1e-9), rejected);
        out.flush();
        return 0;
    }
}
