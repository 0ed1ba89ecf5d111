package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.App;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.KafkaAuthenticationException;
import io.lstmstreams.event.Observation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application against a broker whose clients must authenticate (SASL_PLAINTEXT with
 * SCRAM-SHA-512), set up only through Kafka's own client settings in the config file: with the
 * right password it forecasts; with a wrong one it stops at once with one line saying what to check
 * and a distinct exit code. Neither run prints the password anywhere: not in the log (Kafka's client
 * config dumps included), not over HTTP.
 */
@Timeout(120)
class SecurityIT {
    private static final String USER = "lstm-app";
    /** Unique, so that finding it in any output can only mean it was printed. */
    private static final String PASSWORD = "right-" + UUID.randomUUID();
    private static final String WRONG_PASSWORD = "wrong-" + UUID.randomUUID();
    private static final int KEYS = 4;
    private static final int EVENTS_PER_KEY = 12;
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    private static EmbeddedKafkaBroker kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder().port(0).scramUser(USER, PASSWORD).start();
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldForecastWithTheRightCredentialsWithoutPrintingThem() throws Exception {
        AppConfig config = AppConfig.load(configFile("right", PASSWORD, Map.of()), Map.of());
        List<Observation> events = Cluster.events(KEYS, 0, EVENTS_PER_KEY);
        List<String> http = new ArrayList<>();
        String log;
        int forecasts;
        try (ErrCapture err = ErrCapture.start()) {
            try (AppInstance app = new AppInstance(config);
                    KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
                app.start();
                assertTrue(app.awaitRunning(Cluster.WAIT), "not RUNNING; log:\n" + err.text());
                Cluster.send(producer, app.topics(), events);
                forecasts = Cluster.forecasts(kafka, app.topics(), events.size()).size();
                HttpClient client = HttpClient.newHttpClient();
                for (String path : List.of("health", "models", "metrics", "series", "series/series-0")) {
                    http.add(client.send(HttpRequest.newBuilder(app.httpUri().resolve(path)).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                }
            }
            log = err.text();
        }

        assertEquals(events.size(), forecasts, "one forecast per event, through the authenticated cluster");
        assertFalse(config.toString().contains(PASSWORD), config.toString());
        assertTrue(log.contains("Kafka Streams REBALANCING -> RUNNING"), "the log was captured:\n" + log);
        assertFalse(log.contains(PASSWORD), "the password was logged:\n" + log);
        http.forEach(body -> assertFalse(body.contains(PASSWORD), "served over HTTP: " + body));
    }

    @Test
    void shouldStopWithOneLineSayingWhatToCheckWhenThePasswordIsWrong() throws Exception {
        Path file = configFile("wrong", WRONG_PASSWORD, Map.of());
        Path output = dir.resolve("run.log");
        // a separate JVM as an operator runs it, with Kafka's client logs at INFO so that its config dumps show
        ProcessBuilder run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
                "-cp", System.getProperty("java.class.path"), App.class.getName(), "run", "--config", file.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        run.environment().keySet().removeIf(name -> name.startsWith("LSTM_"));
        Process process = run.start();
        boolean exited = process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String log = Files.readString(output);

        assertTrue(exited, "still running after " + CHILD_TIMEOUT_SECONDS + " s:\n" + log);
        assertEquals(App.AUTHENTICATION_FAILED, process.exitValue(), log);
        String expected = "authentication failed for Kafka at " + kafka.bootstrapServers()
                + " (SASL_PLAINTEXT, SCRAM-SHA-512): ";
        List<String> ours = log.lines().filter(line -> line.startsWith(expected)).toList();
        assertEquals(1, ours.size(), log);
        assertTrue(ours.get(0).endsWith("; check sasl.jaas.config (user name and password) and sasl.mechanism"),
                ours.get(0));
        assertFalse(log.contains("\tat "), "a stack trace:\n" + log);
        assertTrue(log.contains("sasl.jaas.config = [hidden]"), "Kafka's config dump hides it:\n" + log);
        assertFalse(log.contains(WRONG_PASSWORD), "the password was logged:\n" + log);
    }

    @Test
    void shouldShutDownAtOnceWhenOnlyTheStreamConsumerIsRefused() throws Exception {
        // topics are created and the producer logs in, but the main consumer's own login is wrong
        AppConfig config = AppConfig.load(configFile("consumer-refused", PASSWORD,
                Map.of("main.consumer.sasl.jaas.config", jaas(WRONG_PASSWORD))), Map.of());
        String log;
        try (ErrCapture err = ErrCapture.start()) {
            try (AppInstance app = new AppInstance(config)) {
                app.start();
                assertTrue(Cluster.await(() -> app.stream().failure().isPresent()), "still " + app.stream().state());
                assertTrue(app.stream().failure().get() instanceof KafkaAuthenticationException,
                        app.stream().failure().get().toString());
                assertTrue(Cluster.await(() -> app.stream().state() == State.ERROR), "not ERROR: " + app.stream().state());
            }
            log = err.text();
        }
        assertTrue(log.contains("authentication failed for Kafka at " + kafka.bootstrapServers()), log);
        assertFalse(log.contains(WRONG_PASSWORD) || log.contains(PASSWORD), "a password was logged:\n" + log);
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    /** A config file as an operator writes it: the security settings under Kafka's own names. */
    private Path configFile(String name, String password, Map<String, String> extra) throws IOException {
        Properties p = Cluster.smallEngine();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("application.id", "security-" + name);
        p.setProperty("state.dir", dir.resolve("state-" + name).toString());
        p.setProperty("topics.prefix", name + ".");
        p.setProperty("commit.interval.ms", "100");
        p.setProperty("http.port", "0");
        p.setProperty("security.protocol", "SASL_PLAINTEXT");
        p.setProperty("sasl.mechanism", EmbeddedKafkaBroker.SCRAM_MECHANISM);
        p.setProperty("sasl.jaas.config", jaas(password));
        p.putAll(extra);
        Path file = dir.resolve(name + ".properties");
        try (Writer out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        return file;
    }

    /** Everything written to {@code System.err} (where the log goes) while open, passed through as well. */
    private static final class ErrCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

        static ErrCapture start() {
            ErrCapture capture = new ErrCapture();
            System.setErr(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    capture.original.write(b, off, len);
                    synchronized (capture.captured) {
                        capture.captured.write(b, off, len);
                    }
                }
            }, true, StandardCharsets.UTF_8));
            return capture;
        }

        String text() {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
