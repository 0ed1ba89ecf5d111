package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedBrokerExtension;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.metrics.MetricNames;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.ModelRejection;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.TrainerService;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusable artefacts published on the models topic while events flow: a truncated one, a corrupt one
 * (a flipped byte), one of another shape and one with a NaN weight, each with a version above the
 * one in use, so that any of them would be installed if it were not caught. Each must be rejected,
 * counted under its reason and logged in one WARN line; the model in use stays, and every forecast
 * equals the reference run's with that model. An instance started afterwards over a fresh state
 * directory reads the same records from the models topic and reports each once too; the first
 * instance, restarted over its own state directory, is back on the good model.
 */
@Timeout(120)
class BadModelsIT {
    private static final int KEYS = 4;
    private static final Duration PAUSE = Duration.ofMillis(25);

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void shouldRejectEachBadModelOnceAndKeepForecastingWithTheCurrentOne() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        long started = System.nanoTime();
        Properties noTraining = Cluster.noTraining();
        AppConfig configA = Cluster.config(kafka, "bad-models", stateA, noTraining);
        AppConfig configB = Cluster.config(kafka, "bad-models", stateB, noTraining);
        EngineConfig engine = configA.engine();
        ModelArtefact v0 = InitialModel.of(engine);
        ModelArtefact v1 = Cluster.perturbed(v0, 1);
        Map<ModelRejection, byte[]> bad = badArtefacts(v0);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(new Tee(stderr, log), true, StandardCharsets.UTF_8));
        List<Observation> events;
        List<Forecast> streamed;
        Map<ModelRejection, Double> rejectedA;
        Map<ModelRejection, Double> rejectedB;
        String logA;
        try (KafkaProducer<byte[], byte[]> models = Cluster.producer(kafka)) {
            Cluster.SteadyProducer producer;
            try (AppInstance a = new AppInstance(configA, v0)) {
                a.start();
                assertTrue(a.awaitRunning(Cluster.WAIT));
                publish(models, a, ModelArtefactCodec.encode(v1));
                assertTrue(Cluster.await(() -> a.models().current().version() == 1), "v1 not installed");

                producer = new Cluster.SteadyProducer(kafka, a.topics(), KEYS, PAUSE);
                for (byte[] artefact : bad.values()) {
                    assertTrue(producer.awaitMore(5), "events stopped flowing");
                    publish(models, a, artefact);
                }
                assertTrue(Cluster.await(() -> total(rejected(a)) == bad.size()), "not all rejected: " + rejected(a));
                assertTrue(producer.awaitMore(20), "events stopped flowing");
                rejectedA = rejected(a);
                assertEquals(1, a.models().current().version(), "the model in use stays");
            }
            logA = log.toString(StandardCharsets.UTF_8);
            // a new instance over an empty state directory restores the models store from the topic
            try (AppInstance b = new AppInstance(configB, v0)) {
                b.start();
                assertTrue(b.awaitRunning(Cluster.WAIT));
                assertTrue(producer.awaitMore(20), "events stopped flowing");
                rejectedB = rejected(b);
                assertEquals(1, b.models().current().version(), "b picks the good model from the topic");
            }
            // a restarts over its own state directory: its models store, not the topic, tells it the model
            try (AppInstance again = new AppInstance(configA, v0)) {
                again.start();
                assertTrue(again.awaitRunning(Cluster.WAIT));
                assertEquals(1, again.models().current().version(), "the restarted instance is back on v1");
                assertTrue(producer.awaitMore(20), "events stopped flowing");
                events = producer.stop();
                producer.close();
                streamed = Cluster.forecasts(kafka, again.topics(), events.size());
            }
        } finally {
            System.setErr(stderr);
        }

        Map<ModelRejection, Double> once = new LinkedHashMap<>();
        for (ModelRejection reason : ModelRejection.values()) {
            once.put(reason, bad.containsKey(reason) ? 1.0 : 0.0);
        }
        assertEquals(once, rejectedA, "each bad artefact counted once, under its reason");
        assertEquals(once, rejectedB, "and once by an instance that reads them on restore");
        List<String> warnings = warnings(logA);
        assertEquals(bad.size(), warnings.size(), String.join("\n", warnings));
        for (ModelRejection reason : bad.keySet()) {
            assertEquals(1, warnings.stream().filter(l -> l.contains("keeping v1: " + reason.tag() + ", ")).count(),
                    reason + " in\n" + String.join("\n", warnings));
        }
        assertEquals(2 * bad.size(), warnings(log.toString(StandardCharsets.UTF_8)).size(),
                "one line per instance that reads them, none from the restart past them");

        assertEquals(events.size(), streamed.size(), "one forecast per event, exactly once");
        assertTrue(streamed.stream().allMatch(f -> f.modelVersion() == 1), "every forecast on v1");
        Cluster.Reference reference = new Cluster.Reference(engine,
                new ModelHolder(ArtefactModelDecoder.toModel(engine, v1))).run(events);
        assertEquals(Cluster.byOrigin(reference.forecasts()), Cluster.byOrigin(streamed));
        System.out.printf("BadModelsIT: %d bad artefacts rejected once per instance (%s), %d forecasts equal to the"
                + " reference, %d s%n", bad.size(), bad.keySet(), streamed.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /** Versions 2 to 5, each broken in its own way. */
    private static Map<ModelRejection, byte[]> badArtefacts(ModelArtefact v0) {
        Map<ModelRejection, byte[]> bad = new LinkedHashMap<>();
        byte[] whole = ModelArtefactCodec.encode(Cluster.perturbed(v0, 2));
        bad.put(ModelRejection.TRUNCATED, Arrays.copyOf(whole, whole.length / 2));
        byte[] corrupt = ModelArtefactCodec.encode(Cluster.perturbed(v0, 3));
        corrupt[corrupt.length / 2] ^= 0x01;
        bad.put(ModelRejection.CORRUPT, corrupt);
        Properties wider = Cluster.smallEngine();
        wider.setProperty("model.hidden", "5");
        ModelArtefact otherShape = InitialModel.of(EngineConfig.fromProperties(wider));
        bad.put(ModelRejection.WRONG_SHAPE, ModelArtefactCodec.encode(new ModelArtefact(4, otherShape.createdAt(),
                otherShape.cell(), otherShape.hiddenSizes(), otherShape.inputSize(), otherShape.horizon(),
                otherShape.params(), 0.1, 0.1)));
        byte[] nan = ModelArtefactCodec.encode(Cluster.perturbed(v0, 5));
        // the last weight sits just before the CRC; the checksum is made valid again
        ByteBuffer.wrap(nan).putFloat(nan.length - 8, Float.NaN);
        CRC32 crc = new CRC32();
        crc.update(nan, 0, nan.length - 4);
        ByteBuffer.wrap(nan).putInt(nan.length - 4, (int) crc.getValue());
        bad.put(ModelRejection.NON_FINITE, nan);
        return bad;
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, AppInstance app, byte[] artefact)
            throws Exception {
        producer.send(new ProducerRecord<>(app.topics().models().name(),
                TrainerService.MODEL_NAME.getBytes(StandardCharsets.UTF_8), artefact)).get();
    }

    private static Map<ModelRejection, Double> rejected(AppInstance app) {
        Map<ModelRejection, Double> counts = new LinkedHashMap<>();
        for (ModelRejection reason : ModelRejection.values()) {
            counts.put(reason, app.observability().registry().get(MetricNames.MODELS_REJECTED)
                    .tag(MetricNames.REASON_TAG, reason.tag()).counter().count());
        }
        return counts;
    }

    private static double total(Map<ModelRejection, Double> counts) {
        return counts.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The models processor's WARN lines. */
    private static List<String> warnings(String log) {
        List<String> lines = new ArrayList<>();
        log.lines().filter(l -> l.contains("WARN ModelUpdateProcessor")).forEach(lines::add);
        return lines;
    }

    /** Writes to the console and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream console, ByteArrayOutputStream copy) {
            this.console = console;
            this.copy = copy;
        }

        @Override
        public synchronized void write(int b) {
            copy.write(b);
            try {
                console.write(b);
            } catch (java.io.IOException e) {
                // the console is best effort; the copy is what the test reads
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            copy.write(b, off, len);
            try {
                console.write(b, off, len);
            } catch (java.io.IOException e) {
                // as above
            }
        }
    }
}
