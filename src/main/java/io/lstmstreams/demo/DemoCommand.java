package io.lstmstreams.demo;

import io.lstmstreams.app.AppInstance;
import io.lstmstreams.backtest.CsvRow;
import io.lstmstreams.backtest.ObservationCsvReader;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: everything in one JVM. An embedded Kafka broker on localhost, one application
 * instance with both roles, and the bundled NYC taxi series replayed into the events topic at
 * {@code --speed}; forecasts are read back as they are committed, some printed, and at the end
 * scored into the same table {@code backtest} prints. The broker stays reachable (kcat, a second
 * {@code run} instance) until Ctrl-C, unless {@code --exit-when-done}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded Kafka + the forecaster + the bundled NYC taxi data replayed live; prints accuracy.")
public final class DemoCommand implements Callable<Integer> {
    /** The bundled series, on the classpath. */
    public static final String DATA = "/data/nab_nyc_taxi.csv.gz";
    private static final String APPLICATION_ID = "lstm-demo";
    private static final Duration SILENCE_TIMEOUT = Duration.ofMinutes(2);
    /**
     * Events per second by default: about what one trainer on two cores keeps up with (a retraining
     * every 336 events takes 1-2 s), so the live table comes close to the backtest's. Much faster and
     * most forecasts are made by the first, barely trained models.
     */
    static final int DEFAULT_SPEED = 250;

    @Spec
    private CommandSpec spec;

    @Option(names = "--broker-port", paramLabel = "P", defaultValue = "9092",
            description = "port of the embedded broker; 0 = any free one (default: ${DEFAULT-VALUE})")
    private int brokerPort;

    @Option(names = "--speed", paramLabel = "N", defaultValue = "" + DEFAULT_SPEED,
            description = "events per second; 0 = as fast as possible (default: ${DEFAULT-VALUE})")
    private double speed;

    @Option(names = "--exit-when-done", description = "exit once the last event's forecast has arrived")
    private boolean exitWhenDone;

    @Option(names = "--http-port", paramLabel = "P", defaultValue = "8080",
            description = "port of the HTTP endpoints (live page, /metrics, /health, /series, /models) on"
                    + " http.bind (127.0.0.1); 0 = any free one; wins over http.port of --config"
                    + " (default: ${DEFAULT-VALUE})")
    private int httpPort;

    @Option(names = "--limit", paramLabel = "N", description = "replay only the first N events")
    private Integer limit;

    @Option(names = "--score-from", paramLabel = "N", defaultValue = "5000",
            description = "score forecasts made at event >= N, as backtest does (default: ${DEFAULT-VALUE};"
                    + " half the events when fewer are replayed)")
    private long scoreFrom;

    @Option(names = "--print-every", paramLabel = "N", defaultValue = "500",
            description = "print every N-th forecast; 0 = none (default: ${DEFAULT-VALUE})")
    private int printEvery;

    @Option(names = "--config", paramLabel = "FILE",
            description = "engine and Kafka settings (bootstrap.servers and state.dir are the demo's own)")
    private Path config;

    @Option(names = "--no-progress", description = "no progress bar")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        Properties props = loadProperties();
        AppConfig probe = AppConfig.fromProperties(props);
        // building v0 loads DL4J's natives (seconds): do it while the broker starts
        CompletableFuture<ModelArtefact> initial = CompletableFuture.supplyAsync(() -> InitialModel.of(probe.engine()));
        List<Observation> events = loadEvents(limit);
        Path stateDir = Files.createTempDirectory("lstm-demo-state");
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(brokerPort).start();
        props.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.setProperty(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (spec.commandLine().getParseResult().hasMatchedOption("--http-port")
                || !props.containsKey(AppConfig.HTTP_PORT)) {
            props.setProperty(AppConfig.HTTP_PORT, Integer.toString(httpPort));
        }
        AppConfig appConfig = AppConfig.fromProperties(props);
        AppInstance app;
        try {
            app = new AppInstance(appConfig, initial.join());
        } catch (RuntimeException e) { // e.g. the HTTP port is taken
            broker.close();
            deleteQuietly(stateDir);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            shutdown(app, broker, stateDir);
            stopped.countDown();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        URI http = app.httpUri();
        out.printf(Locale.ROOT, "live page %s  metrics %s  health %s%n", http, http.resolve("metrics"),
                http.resolve("health"));
        out.printf(Locale.ROOT, "Kafka at %s; replaying %d events of %s at %s%n", broker.bootstrapServers(),
                events.size(), DATA, speed == 0 ? "full speed" : String.format(Locale.ROOT, "%.0f events/s", speed));
        out.flush();

        DemoRun.Settings settings = new DemoRun.Settings(speed, printEvery,
                Math.min(scoreFrom, events.size() / 2), !noProgress, SILENCE_TIMEOUT);
        DemoRun.Outcome outcome = new DemoRun(events, "demo of " + DATA.substring(DATA.lastIndexOf('/') + 1), settings,
                out).run(app, start);
        out.println();
        out.print(outcome.report());
        out.printf(Locale.ROOT, "%n%d events, %d forecasts (%d records), %d dead letters; first forecast after"
                + " %.1f s, events sent by %.1f s, last forecast after %.1f s; model in use v%d%n", outcome.events(),
                outcome.forecasts(), outcome.forecastRecords(), outcome.deadLetters(),
                seconds(outcome.firstForecast()), seconds(outcome.replayed()), seconds(outcome.complete()),
                outcome.modelVersion());
        if (exitWhenDone) {
            out.flush();
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown(app, broker, stateDir);
            return 0;
        }
        out.printf("still running: Kafka at %s, topics %s*, live page %s; Ctrl-C stops%n",
                broker.bootstrapServers(), appConfig.topicPrefix(), http);
        out.flush();
        stopped.await();
        return 0;
    }

    private Properties loadProperties() throws IOException {
        Properties props = new Properties();
        if (config != null) {
            try (InputStream in = Files.newInputStream(config)) {
                props.load(in);
            }
        }
        props.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        return props;
    }

    /** The bundled series from the classpath, the first {@code limit} rows if given. */
    public static List<Observation> loadEvents(Integer limit) throws IOException {
        InputStream in = DemoCommand.class.getResourceAsStream(DATA);
        if (in == null) {
            throw new IOException(DATA + " is not on the classpath");
        }
        List<Observation> events = new ArrayList<>();
        try (ObservationCsvReader reader = new ObservationCsvReader(in, DATA, -1)) {
            for (CsvRow row = reader.next(); row != null && (limit == null || events.size() < limit);
                    row = reader.next()) {
                if (row instanceof CsvRow.Parsed parsed) {
                    events.add(parsed.observation());
                }
            }
        }
        return events;
    }

    private static void shutdown(AppInstance app, EmbeddedKafkaBroker broker, Path stateDir) {
        try {
            app.close();
        } finally {
            broker.close();
            deleteQuietly(stateDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it up eventually
        }
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
