package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedBrokerExtension;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.Observation;
import io.lstmstreams.metrics.MetricNames;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.ForecastTopology;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale out and back in under load: one instance forecasts while a producer sends events at a
 * steady pace, a second joins (its partitions move to it with their key states, restored from the
 * changelogs), then the first stops (they all move to the second), and the events never pause. With
 * one fixed model, every key's forecasts must be byte for byte those of a single uninterrupted
 * in-memory run over the same events, read {@code read_committed}: one per event, none twice, and
 * no key starting again from zeros at either move.
 */
@Timeout(150)
class ScaleOutInIT {
    private static final int KEYS = 8;
    private static final Duration PAUSE = Duration.ofMillis(25);
    /** Rounds (one event per key) to send in each phase, at least: alone, both, the second alone. */
    private static final int PHASE_ROUNDS = 40;

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    @Test
    void shouldContinueEveryKeysStateWhenScalingFromOneToTwoAndBackUnderLoad() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        long started = System.nanoTime();
        Properties noTraining = Cluster.noTraining();
        AppConfig configA = Cluster.config(kafka, "scale-out-in", stateA, noTraining);
        AppConfig configB = Cluster.config(kafka, "scale-out-in", stateB, noTraining);
        EngineConfig engine = configA.engine();
        ModelArtefact v0 = InitialModel.of(engine);
        int partitions = configA.topicPartitions();

        List<Observation> events;
        List<ConsumerRecord<byte[], byte[]>> streamed;
        Map<String, SeriesState> states = new TreeMap<>();
        long scaleOutMillis;
        long scaleInMillis;
        int roundsAtOut;
        int roundsAtIn;
        try (AppInstance b = new AppInstance(configB, v0)) {
            Cluster.SteadyProducer producer;
            try (AppInstance a = new AppInstance(configA, v0)) {
                a.start();
                assertTrue(a.awaitRunning(Cluster.WAIT));
                producer = new Cluster.SteadyProducer(kafka, a.topics(), KEYS, PAUSE);
                assertTrue(producer.awaitMore(PHASE_ROUNDS), "events not flowing");
                assertTrue(Cluster.await(() -> forecastsOut(a) > 0), "a does not forecast");

                // scale out: b joins while events flow
                roundsAtOut = producer.rounds();
                long t = System.nanoTime();
                b.start();
                assertTrue(Cluster.await(() -> activeTasks(a) > 0 && activeTasks(b) > 0
                        && activeTasks(a) + activeTasks(b) == partitions), "partitions not shared");
                assertTrue(Cluster.await(() -> forecastsOut(b) > 0), "b does not forecast");
                scaleOutMillis = Duration.ofNanos(System.nanoTime() - t).toMillis();
                assertTrue(producer.awaitMore(PHASE_ROUNDS), "events not flowing");
                roundsAtIn = producer.rounds();
                // scale in: a stops (leaving the group) while events flow
            }
            double before = forecastsOut(b);
            long t = System.nanoTime();
            assertTrue(Cluster.await(() -> activeTasks(b) == partitions), "b does not take every partition");
            assertTrue(Cluster.await(() -> forecastsOut(b) > before), "b does not forecast after the move");
            scaleInMillis = Duration.ofNanos(System.nanoTime() - t).toMillis();
            assertTrue(producer.awaitMore(PHASE_ROUNDS), "events not flowing");
            events = producer.stop();
            producer.close();
            streamed = Cluster.readCommitted(kafka, b.topics().forecasts().name(), events.size());
            SeriesStateCodec codec = new SeriesStateCodec(engine);
            ReadOnlyKeyValueStore<String, byte[]> store = b.stream().streams().store(StoreQueryParameters.fromNameAndType(
                    ForecastTopology.SERIES_STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            for (int k = 0; k < KEYS; k++) {
                states.put("series-" + k, codec.decode(store.get("series-" + k)));
            }
        }

        int rounds = events.size() / KEYS;
        assertEquals(events.size(), streamed.size(), "one forecast per event, exactly once");
        Cluster.Reference single = new Cluster.Reference(engine,
                new ModelHolder(ArtefactModelDecoder.toModel(engine, v0))).run(events);
        Map<String, List<String>> expected = Cluster.valuesByKey(Topics.withPrefix(configA.topicPrefix()), single.forecasts());
        assertEquals(expected, Cluster.valuesByKey(streamed), "every key's forecasts, byte for byte");
        states.forEach((key, state) -> assertEquals(rounds, state.eventCount(), key + " counted every event"));
        System.out.printf("ScaleOutInIT: %d keys, %d forecasts compared byte for byte (%d per key), scale-out after"
                + " round %d took %d ms, scale-in after round %d took %d ms, %d s in all%n", KEYS, streamed.size(),
                rounds, roundsAtOut, scaleOutMillis, roundsAtIn, scaleInMillis,
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
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
