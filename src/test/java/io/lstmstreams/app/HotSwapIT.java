package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedBrokerExtension;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.SeriesStateCodec;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.ForecastTopology;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.TrainerService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model published on the models topic while events flow is hot-swapped in: later forecasts carry
 * its version, and no key restarts from zeros. Training is off, so the published model is the only
 * change. The stream must give exactly what the engine gives in memory with the swap at the same
 * point: same states kept, re-warmed from each key's window.
 */
@Timeout(120)
class HotSwapIT {
    private static final int KEYS = 4;
    private static final int BEFORE = 40;
    private static final int AFTER = 20;

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void shouldForecastWithAPublishedModelWithoutRestartingAnyKey() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        Properties noTraining = Cluster.noTraining();
        AppConfig config = Cluster.config(kafka, "hot-swap", stateDir, noTraining);
        EngineConfig engine = config.engine();
        ModelArtefact v0 = InitialModel.of(engine);
        ModelArtefact v1 = Cluster.perturbed(v0, 1);
        List<Observation> before = Cluster.events(KEYS, 0, BEFORE);
        List<Observation> after = Cluster.events(KEYS, BEFORE, BEFORE + AFTER);

        List<Forecast> streamed;
        SeriesState stored;
        try (AppInstance app = new AppInstance(config, v0);
                KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
            app.start();
            assertTrue(app.trainer().isEmpty(), "training is off");
            assertTrue(app.awaitRunning(Cluster.WAIT));
            Cluster.send(producer, app.topics(), before);
            assertEquals(before.size(), Cluster.forecasts(kafka, app.topics(), before.size()).size());

            producer.send(new ProducerRecord<>(app.topics().models().name(),
                    TrainerService.MODEL_NAME.getBytes(StandardCharsets.UTF_8), ModelArtefactCodec.encode(v1))).get();
            assertTrue(Cluster.await(() -> app.models().current().version() == 1), "v1 not installed");
            Cluster.send(producer, app.topics(), after);
            streamed = Cluster.forecasts(kafka, app.topics(), before.size() + after.size());
            stored = storedState(app, "series-0");
        }

        assertEquals(before.size() + after.size(), streamed.size(), "one forecast per event, exactly once");
        Map<String, Forecast> byOrigin = Cluster.byOrigin(streamed);
        for (Observation o : after) {
            assertEquals(1, byOrigin.get(o.seriesId() + "@" + o.timestamp()).modelVersion(), "after the swap");
        }
        for (Observation o : before) {
            assertEquals(0, byOrigin.get(o.seriesId() + "@" + o.timestamp()).modelVersion(), "before the swap");
        }

        // continuity: identical to the in-memory engine that swaps at the same point and keeps every key
        ModelHolder models = new ModelHolder(ArtefactModelDecoder.toModel(engine, v0));
        Cluster.Reference kept = new Cluster.Reference(engine, models).run(before);
        models.offer(ArtefactModelDecoder.toModel(engine, v1));
        assertEquals(Cluster.byOrigin(kept.run(after).forecasts()), byOrigin);

        // and that comparison has teeth: keys restarted from zeros under v1 forecast differently
        Cluster.Reference restarted = new Cluster.Reference(engine, models).forgetKeys().run(after);
        Observation firstAfter = after.get(0);
        assertNotEquals(Cluster.byOrigin(restarted.forecasts()).get(firstAfter.seriesId() + "@" + firstAfter.timestamp()),
                byOrigin.get(firstAfter.seriesId() + "@" + firstAfter.timestamp()));

        // the key's stored state: all its events counted, on v1, with a live (non-zero) cell state
        assertEquals(BEFORE + AFTER, stored.eventCount());
        assertEquals(1, stored.modelVersion());
        float sum = 0;
        for (float x : stored.cellState()) {
            sum += Math.abs(x);
        }
        assertTrue(sum > 0, "cell state is zero");
    }

    /** The key's state, read from the instance's store by an interactive query. */
    private static SeriesState storedState(AppInstance app, String key) {
        ReadOnlyKeyValueStore<String, byte[]> store = app.stream().streams().store(StoreQueryParameters.fromNameAndType(
                ForecastTopology.SERIES_STATE_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
        return new SeriesStateCodec(app.config().engine()).decode(store.get(key));
    }
}
