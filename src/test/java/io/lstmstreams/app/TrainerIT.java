package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedBrokerExtension;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.TrainerService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer role across two instances: exactly one trains; it continues from the newest model on
 * the models topic (not from v0); what it publishes is installed by every instance; and when it
 * leaves, the other takes over.
 */
@Timeout(300)
class TrainerIT {
    private static final int KEYS = 4;
    /** A model already on the topic when the instances start, as after a restart of the whole app. */
    private static final long PUBLISHED_BEFORE = 5;
    /** Steps per key sent in one round, and at most in all, while waiting for a published retraining. */
    private static final int ROUND = 200;
    private static final int MAX_STEPS = 1000;
    private static final Duration ROUND_WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void shouldTrainInOneInstancePublishToAllAndHandOverWhenItLeaves() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        Properties training = new Properties();
        // a segment stands for 4 events: retrain after every 12 segments
        training.setProperty("training.retrain.every-events", "48");
        AppConfig configA = Cluster.config(kafka, "trainer", stateA, training);
        AppConfig configB = Cluster.config(kafka, "trainer", stateB, training);
        ModelArtefact v0 = InitialModel.of(configA.engine());
        ModelArtefact earlier = new ModelArtefact(PUBLISHED_BEFORE, Instant.parse("2025-01-01T00:00:00Z"), v0.cell(),
                v0.hiddenSizes(), v0.inputSize(), v0.horizon(), v0.params(), Double.NaN, Double.NaN);

        try (AppInstance a = new AppInstance(configA, v0);
                AppInstance b = new AppInstance(configB, v0);
                KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
            a.start();
            b.start();
            producer.send(new ProducerRecord<>(a.topics().models().name(),
                    TrainerService.MODEL_NAME.getBytes(StandardCharsets.UTF_8), ModelArtefactCodec.encode(earlier)))
                    .get();
            assertTrue(Cluster.await(() -> a.models().current().version() == PUBLISHED_BEFORE
                    && b.models().current().version() == PUBLISHED_BEFORE), "the earlier model is installed");
            assertTrue(Cluster.await(() -> trainer(a).isActive() != trainer(b).isActive()),
                    "exactly one trainer is active");
            AppInstance active = trainer(a).isActive() ? a : b;
            AppInstance standby = active == a ? b : a;

            // a retraining is published only if it beats the current model on held-out segments, which
            // a short run may not: events keep coming, in rounds, until one does
            BooleanSupplier trainedEverywhere = () -> a.models().current().version() > PUBLISHED_BEFORE
                    && b.models().current().version() > PUBLISHED_BEFORE;
            int sent = 0;
            while (!trainedEverywhere.getAsBoolean() && sent < MAX_STEPS) {
                Cluster.send(producer, a.topics(), Cluster.events(KEYS, sent, sent + ROUND));
                sent += ROUND;
                Cluster.await(trainedEverywhere, ROUND_WAIT);
            }
            assertTrue(trainedEverywhere.getAsBoolean(), "a trained model reaches both instances (" + sent
                    + " steps of " + KEYS + " keys sent, " + trainer(active).retrainer().runs() + " retrainings)");
            assertTrue(trainer(active).published() >= 1);
            assertEquals(0, trainer(standby).published(), "the standby trainer publishes nothing");
            assertEquals(0, trainer(standby).retrainer().runs(), "the standby trainer does not train");
            List<Long> versions = Cluster.readCommitted(kafka, a.topics().models().name(), 2).stream()
                    .map(ConsumerRecord::value).map(ModelArtefactCodec::decode).map(ModelArtefact::version).toList();
            assertEquals(PUBLISHED_BEFORE + 1, versions.get(1), "training continued from the newest model: " + versions);

            long newest = versions.get(versions.size() - 1);
            active.close();
            assertTrue(Cluster.await(() -> trainer(standby).isActive()), "the standby takes over");
            Cluster.send(producer, standby.topics(), Cluster.events(KEYS, sent, sent + 60));
            assertTrue(Cluster.await(() -> trainer(standby).retrainer().runs() >= 1), "the new trainer trains");
            assertTrue(trainer(standby).retrainer().champion().version() >= newest,
                    "the new trainer starts from the newest published model, not v0");
            assertFalse(trainer(active).isActive());
        }
    }

    private static TrainerService trainer(AppInstance app) {
        return app.trainer().orElseThrow();
    }
}
