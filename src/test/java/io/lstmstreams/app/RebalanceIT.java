package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances (same application id, own state directories) share the events partitions; one
 * leaves mid-stream and the other takes its partitions over, restoring their key states from the
 * changelogs. No key may lose state: with one fixed model (training off), every forecast must equal
 * the one a single uninterrupted run gives, and each event gets exactly one.
 */
@Timeout(120)
class RebalanceIT {
    private static final int KEYS = 8;
    private static final int FIRST = 30;
    private static final int SECOND = 30;

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void shouldKeepEveryKeysStateWhenAnInstanceLeavesMidStream() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        Properties noTraining = Cluster.noTraining();
        AppConfig configA = Cluster.config(kafka, "rebalance", stateA, noTraining);
        AppConfig configB = Cluster.config(kafka, "rebalance", stateB, noTraining);
        EngineConfig engine = configA.engine();
        ModelArtefact v0 = InitialModel.of(engine);
        List<Observation> first = Cluster.events(KEYS, 0, FIRST);
        List<Observation> second = Cluster.events(KEYS, FIRST, FIRST + SECOND);

        List<Forecast> streamed;
        try (AppInstance b = new AppInstance(configB, v0);
                KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
            try (AppInstance a = new AppInstance(configA, v0)) {
                a.start();
                b.start();
                assertTrue(a.awaitRunning(Cluster.WAIT) && b.awaitRunning(Cluster.WAIT));
                assertTrue(Cluster.await(() -> activeTasks(a) > 0 && activeTasks(b) > 0
                        && activeTasks(a) + activeTasks(b) == configA.topicPartitions()), "partitions not shared");
                Cluster.send(producer, a.topics(), first);
                assertEquals(first.size(), Cluster.forecasts(kafka, a.topics(), first.size()).size());
                assertTrue(forecastsOut(a) > 0 && forecastsOut(b) > 0,
                        "both instances forecast before one leaves");
            }
            // a is gone: b takes over a's partitions and restores their key states
            Cluster.send(producer, b.topics(), second);
            streamed = Cluster.forecasts(kafka, b.topics(), first.size() + second.size());
            assertEquals(configA.topicPartitions(), activeTasks(b), "b holds every partition");
        }

        List<Observation> all = new ArrayList<>(first);
        all.addAll(second);
        assertEquals(all.size(), streamed.size(), "one forecast per event, exactly once");
        Cluster.Reference single = new Cluster.Reference(engine,
                new ModelHolder(ArtefactModelDecoder.toModel(engine, v0))).run(all);
        assertEquals(Cluster.byOrigin(single.forecasts()), Cluster.byOrigin(streamed));
        assertFalse(streamed.stream().anyMatch(f -> f.modelVersion() != 0), "one fixed model throughout");
    }

    private static int activeTasks(AppInstance app) {
        int tasks = 0;
        for (ThreadMetadata thread : app.stream().streams().metadataForLocalThreads()) {
            tasks += thread.activeTasks().size();
        }
        return tasks;
    }

    private static double forecastsOut(AppInstance app) {
        return app.observability().registry().get(MetricNames.FORECASTS_OUT).counter().count();
    }
}
