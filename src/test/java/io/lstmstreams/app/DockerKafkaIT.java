package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ArtefactModelDecoder;
import io.lstmstreams.stream.DeadLetterHeaders;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.InitialModel;
import io.lstmstreams.training.ModelArtefact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The application against a stock Apache Kafka broker image (single-node KRaft, started by
 * Testcontainers) rather than the embedded broker of the other integration tests: every valid event
 * gets exactly one committed forecast, equal to the in-memory reference run's, and every malformed
 * one exactly one dead letter. Optional: skipped where no Docker engine can be reached.
 */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(300)
class DockerKafkaIT {
    /** The broker image {@code docker-compose.yml} runs. */
    static final String IMAGE = "apache/kafka:4.1.0";
    private static final int KEYS = 6;
    private static final int EVENTS = 40;
    /** A malformed event on every key after every this many rounds. */
    private static final int BAD_EVERY = 10;

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(IMAGE);

    @TempDir
    Path state;

    @Test
    void shouldForecastEveryValidEventExactlyOnceOnAStockKafkaImage() throws Exception {
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers());
        Properties noTraining = Cluster.noTraining();
        AppConfig config = Cluster.config(KAFKA.getBootstrapServers(), "docker-kafka", state, noTraining);
        EngineConfig engine = config.engine();
        ModelArtefact v0 = InitialModel.of(engine);
        List<Observation> valid = Cluster.events(KEYS, 0, EVENTS);
        int malformed = 0;

        List<ConsumerRecord<byte[], byte[]>> forecastRecords;
        List<ConsumerRecord<byte[], byte[]>> deadLetters;
        Topics topics;
        try (AppInstance app = new AppInstance(config, v0);
                KafkaProducer<byte[], byte[]> producer = Cluster.producer(client)) {
            app.start();
            assertTrue(app.awaitRunning(Cluster.WAIT), "stream running");
            topics = app.topics();
            for (int round = 0; round < EVENTS; round += BAD_EVERY) {
                Cluster.send(producer, topics, Cluster.events(KEYS, round, round + BAD_EVERY));
                for (int k = 0; k < KEYS; k++) {
                    producer.send(new ProducerRecord<>(topics.events().name(),
                            ("series-" + k).getBytes(StandardCharsets.UTF_8),
                            "{\"value\":".getBytes(StandardCharsets.UTF_8)));
                    malformed++;
                }
            }
            producer.flush();
            forecastRecords = Cluster.readCommitted(client, topics.forecasts().name(), valid.size());
            deadLetters = Cluster.readCommitted(client, topics.deadLetters().name(), malformed);
            assertEquals(KafkaStreams.State.RUNNING, app.stream().streams().state(), "still running");
        }

        assertEquals(valid.size(), forecastRecords.size(), "one forecast per valid event, exactly once");
        assertEquals(malformed, deadLetters.size(), "one dead letter per malformed event");
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            assertEquals("malformed_json", DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON));
        }
        List<Forecast> reference = new Cluster.Reference(engine,
                new ModelHolder(ArtefactModelDecoder.toModel(engine, v0))).run(valid).forecasts();
        assertEquals(Cluster.valuesByKey(topics, reference), Cluster.valuesByKey(forecastRecords),
                "forecasts per key, in order, byte for byte as the reference run's");
    }
}
