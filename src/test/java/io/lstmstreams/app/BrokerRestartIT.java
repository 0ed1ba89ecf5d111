package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only broker goes away mid-stream, under exactly-once, while events keep being produced, and
 * comes back a few seconds later on the same port with the same data. Nobody restarts the
 * application: it must reconnect by itself, its Kafka Streams client must come back to RUNNING
 * without ever going to ERROR, and every event must be forecast exactly once, each forecast as an
 * uninterrupted run gives it.
 */
@Timeout(180)
class BrokerRestartIT {
    private static final int KEYS = 8;
    private static final int BEFORE = 20;
    private static final int DURING = 40;
    private static final int AFTER = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(12);
    private static final Set<State> FAILED = EnumSet.of(State.PENDING_ERROR, State.ERROR, State.PENDING_SHUTDOWN,
            State.NOT_RUNNING);

    @TempDir
    Path data;
    @TempDir
    Path state;

    private EmbeddedKafkaBroker kafka;

    @BeforeEach
    void startBroker() {
        kafka = EmbeddedKafkaBroker.builder().port(0).dataDir(data).start();
    }

    @AfterEach
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldResumeByItselfAndForecastEveryEventOnceWhenTheBrokerRestarts() throws Exception {
        Properties noTraining = Cluster.noTraining();
        AppConfig config = Cluster.config(kafka, "broker-restart", state, noTraining);
        EngineConfig engine = config.engine();
        ModelArtefact v0 = InitialModel.of(engine);
        List<Observation> all = Cluster.events(KEYS, 0, BEFORE + DURING + AFTER);
        int port = kafka.port();
        long start = System.nanoTime();

        List<State> states = new CopyOnWriteArrayList<>();
        List<Forecast> streamed;
        try (AppInstance app = new AppInstance(config, v0)) {
            Thread watcher = watch(app, states);
            app.start();
            assertTrue(app.awaitRunning(Cluster.WAIT), "running");
            try (KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
                Cluster.send(producer, app.topics(), all.subList(0, BEFORE * KEYS));
                assertEquals(BEFORE * KEYS, Cluster.forecasts(kafka, app.topics(), BEFORE * KEYS).size(),
                        "forecasts before the outage");

                // events keep coming, one step of every key per 100 ms, before, during and after the outage
                Thread feeder = new Thread(() -> {
                    for (int i = BEFORE; i < BEFORE + DURING; i++) {
                        Cluster.send(producer, app.topics(), all.subList(i * KEYS, (i + 1) * KEYS));
                        pause(Duration.ofMillis(100));
                    }
                }, "feeder");
                feeder.start();
                pause(Duration.ofMillis(1000));
                kafka.close();
                long down = System.nanoTime();
                pause(OUTAGE);
                kafka = EmbeddedKafkaBroker.builder().port(port).dataDir(data).start();
                long up = System.nanoTime();
                feeder.join();
                Cluster.send(producer, app.topics(), all.subList((BEFORE + DURING) * KEYS, all.size()));
                streamed = Cluster.forecasts(kafka, app.topics(), all.size());
                System.out.printf("broker restart: down %d ms, %d events, %d forecasts committed %d ms after it "
                        + "came back; Kafka Streams states seen %s%n", (up - down) / 1_000_000, all.size(),
                        streamed.size(), (System.nanoTime() - up) / 1_000_000, states);
            }
            assertEquals(State.RUNNING, app.stream().state(), "running again, without a restart");
            watcher.interrupt();
            watcher.join();
        }

        assertFalse(states.stream().anyMatch(FAILED::contains), "never failed nor stopped: " + states);
        assertEquals(all.size(), streamed.size(), "one forecast per event, exactly once");
        Cluster.Reference uninterrupted = new Cluster.Reference(engine,
                new ModelHolder(ArtefactModelDecoder.toModel(engine, v0))).run(all);
        assertEquals(Cluster.byOrigin(uninterrupted.forecasts()), Cluster.byOrigin(streamed));
        System.out.printf("broker restart test: %d s%n", Duration.ofNanos(System.nanoTime() - start).toSeconds());
    }

    /** Records every state change of the app's Kafka Streams client (by polling: the app owns its listener). */
    private static Thread watch(AppInstance app, List<State> states) {
        Thread t = new Thread(() -> {
            State last = null;
            while (!Thread.currentThread().isInterrupted()) {
                State now = app.stream().state();
                if (now != last) {
                    states.add(now);
                    last = now;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "state-watcher");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
