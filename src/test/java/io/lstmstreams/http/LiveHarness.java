package io.lstmstreams.http;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.metrics.Observability;
import io.lstmstreams.stream.ForecastStreamsApp;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.ModelFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * An embedded broker, the forecasting stream (random untrained kernel, no models), the metrics and
 * the HTTP server, wired the way a command would; and a producer of synthetic events. For the
 * integration test and for {@link ObservabilitySmokeMain}, which the Prometheus check script runs.
 * Not production wiring: the lead's commands are.
 */
final class LiveHarness implements AutoCloseable {
    static final long T0 = 1_704_067_200_000L;
    static final long STEP = 1_800_000L;

    final EmbeddedKafkaBroker kafka;
    final Observability obs;
    final ObservabilityServer http;
    final ForecastStreamsApp app;
    final Topics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Path stateDir;

    LiveHarness(int httpPort) throws IOException {
        stateDir = Files.createTempDirectory("lstm-live-");
        kafka = EmbeddedKafkaBroker.builder().port(0).start();
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("application.id", "live-" + UUID.randomUUID());
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("topics.partitions", "2");
        p.setProperty("commit.interval.ms", "200");
        p.setProperty("features.season.steps", "48");
        p.setProperty(AppConfig.HTTP_PORT, Integer.toString(httpPort));
        AppConfig config = AppConfig.fromProperties(p);
        obs = Observability.create(config.engine().horizon());
        AtomicReference<KafkaStreams> streams = new AtomicReference<>();
        http = ObservabilityServer.start(config, obs, streams::get);
        ModelHolder models = new ModelHolder(new ForecastModel(0, KernelExport.fromFlatParams(config.engine(),
                randomParams(KernelExport.paramCount(config.engine())))));
        app = new ForecastStreamsApp(http.withApplicationServer(config), models, bytes -> {
            throw new ModelFormatException(ModelFormatException.Reason.UNKNOWN_FORMAT, "no models here");
        }, obs.counters());
        obs.trackModel(models);
        obs.bindStreams(app.streams());
        streams.set(app.streams());
        topics = app.topics();
        Properties pp = new Properties();
        pp.putAll(kafka.clientProperties());
        pp.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        pp.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(pp);
    }

    boolean start(Duration timeout) throws InterruptedException {
        app.start();
        return app.awaitRunning(timeout);
    }

    /** Event {@code i} of {@code series}: a daily wave with some noise; every 50th is not a number. */
    void send(String series, int i, Random random) {
        String value = i % 50 == 49 ? "\"oops\""
                : Double.toString(100 + 20 * Math.sin(2 * Math.PI * i / 48.0) + random.nextGaussian());
        byte[] json = ("{\"ts\":" + (T0 + i * STEP) + ",\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(topics.events().name(), series.getBytes(StandardCharsets.UTF_8), json));
    }

    void flush() {
        producer.flush();
    }

    private static float[] randomParams(int n) {
        Random random = new Random(1);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * 0.1);
        }
        return a;
    }

    @Override
    public void close() {
        producer.close();
        http.close();
        app.close();
        obs.close();
        kafka.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
