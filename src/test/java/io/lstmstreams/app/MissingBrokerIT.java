package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.App;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.InitialModel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as a separate process, the way an operator starts it, pointed at a port where nothing
 * listens: it must keep waiting, with one clear line per retry and no stack trace or Kafka client
 * warnings, and forecast as soon as a broker comes up at that address.
 */
@Timeout(180)
class MissingBrokerIT {
    private static final int KEYS = 4;
    private static final int EVENTS = 20;
    /** Two retries: the wait goes on, and at the advertised pace. */
    private static final int RETRIES = 2;

    @TempDir
    Path dir;

    @Test
    void shouldWaitForAMissingBrokerSayingSoOncePerRetryThenForecast() throws Exception {
        long started = System.nanoTime();
        int port = freePort();
        Path configFile = dir.resolve("app.properties");
        Properties props = Cluster.smallEngine();
        props.setProperty("bootstrap.servers", "localhost:" + port);
        props.setProperty("application.id", "missing-broker");
        props.setProperty("state.dir", dir.resolve("state").toString());
        props.setProperty("topics.partitions", "2");
        props.setProperty("commit.interval.ms", "100");
        props.setProperty("http.port", "0");
        props.setProperty("training.enabled", "false");
        try (OutputStream out = Files.newOutputStream(configFile)) {
            props.store(out, null);
        }
        AppConfig config = AppConfig.load(configFile, java.util.Map.of());
        Path log = dir.resolve("app.log");
        Process app = new ProcessBuilder(java(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                App.class.getName(), "run", "--config", configFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String waiting;
        List<Forecast> forecasts;
        List<Observation> events = Cluster.events(KEYS, 0, EVENTS);
        long waitedNanos;
        try {
            long waitStart = System.nanoTime();
            assertTrue(awaitLines(log, "not reachable", RETRIES), "no 'not reachable' line:\n" + read(log));
            assertTrue(app.isAlive(), "the app gave up:\n" + read(log));
            waiting = read(log);
            waitedNanos = System.nanoTime() - waitStart;

            try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().port(port).start();
                    KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
                Topics topics = Topics.withPrefix(config.topicPrefix());
                // the app creates its topics once it is connected; events go to the partitions it chose
                assertTrue(awaitTopics(kafka, topics.forecasts().name(), topics.events().name()),
                        "topics not created:\n" + read(log));
                Cluster.send(producer, topics, events);
                forecasts = Cluster.forecasts(kafka, topics, events.size());
                app.destroy();
                assertTrue(app.waitFor(60, TimeUnit.SECONDS), "did not stop on SIGTERM");
            }
        } finally {
            app.destroyForcibly();
        }

        String output = read(log);
        assertEquals(events.size(), forecasts.size(), "one forecast per event:\n" + output);
        EngineConfig engine = config.engine();
        Cluster.Reference reference = new Cluster.Reference(engine,
                new ModelHolder(ArtefactModelDecoder.toModel(engine, InitialModel.of(engine)))).run(events);
        assertEquals(Cluster.byOrigin(reference.forecasts()), Cluster.byOrigin(forecasts));

        List<String> retries = waiting.lines().filter(l -> l.contains("not reachable")).toList();
        for (String line : retries) {
            assertTrue(line.contains("WARN") && line.contains("broker localhost:" + port + " not reachable (")
                    && line.endsWith("retrying in 5 s"), line);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(waitedNanos);
        assertTrue(retries.size() <= seconds / 5 + 2, retries.size() + " lines in " + seconds + " s");
        assertFalse(waiting.contains("NetworkClient"), "Kafka client warnings while waiting:\n" + waiting);
        assertFalse(output.contains("\tat ") || output.contains("Exception"), "a stack trace:\n" + output);
        assertTrue(output.contains("reachable after"), output);
        System.out.printf("MissingBrokerIT: %d retry lines in %d s of waiting, %d forecasts, %d s in all%n",
                retries.size(), seconds, forecasts.size(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Waits until {@code count} lines contain {@code text}; the process is slow to start (ND4J). */
    private static boolean awaitLines(Path log, String text, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (read(log).lines().filter(l -> l.contains(text)).count() >= count) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static boolean awaitTopics(EmbeddedKafkaBroker kafka, String... names) throws Exception {
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            return Cluster.await(() -> {
                try {
                    Set<String> existing = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    return existing.containsAll(List.of(names));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }
}
