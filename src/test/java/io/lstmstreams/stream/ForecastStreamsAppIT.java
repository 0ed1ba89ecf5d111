package io.lstmstreams.stream;

import static io.lstmstreams.stream.StreamFixtures.STEP;
import static io.lstmstreams.stream.StreamFixtures.T0;
import static io.lstmstreams.stream.StreamFixtures.event;
import static io.lstmstreams.stream.StreamFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedBrokerExtension;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application against a real (embedded) broker, exactly-once: every valid event gives one
 * committed forecast, every invalid one a DLQ record, and nothing else appears.
 */
@Timeout(90)
class ForecastStreamsAppIT {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastStreamsAppIT.class);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int KEYS = 4;
    private static final int VALID_PER_KEY = 10;
    private static final List<byte[]> INVALID = List.of(utf8("{"), utf8("{\"value\":\"x\"}"), utf8("[]"),
            utf8("{\"value\":Infinity}"), new byte[] {(byte) 0xFF, (byte) 0xFE});

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path stateDir;

    @Test
    void shouldForecastEveryValidEventAndDeadLetterEveryInvalidOneExactlyOnce() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        Properties props = StreamFixtures.engineProperties();
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        props.setProperty("application.id", "it-" + UUID.randomUUID());
        props.setProperty("state.dir", stateDir.toString());
        props.setProperty("topics.partitions", "2");
        // under exactly-once, output becomes visible to read_committed consumers at each commit
        props.setProperty("commit.interval.ms", "100");
        AppConfig config = AppConfig.fromProperties(props);
        EngineConfig engine = config.engine();
        ModelHolder models = StreamFixtures.holder(engine);
        InMemoryStreamCounters counters = new InMemoryStreamCounters();
        Topics topics = Topics.withPrefix(config.topicPrefix());

        long t0 = System.nanoTime();
        try (ForecastStreamsApp app = new ForecastStreamsApp(config, models, StreamFixtures.fakeDecoder(engine),
                counters)) {
            app.start();
            assertTrue(app.awaitRunning(WAIT), "not RUNNING within " + WAIT);
            long started = millisSince(t0);
            assertModelsTopicIsCompacted(topics);

            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(new ProducerRecord<>(topics.models().name(), utf8("lstm"),
                        StreamFixtures.fakeArtefact(5, engine.inputSize()))).get();
                awaitModelVersion(models, 5);
                int invalid = 0;
                for (int i = 0; i < VALID_PER_KEY; i++) {
                    for (int k = 0; k < KEYS; k++) {
                        producer.send(new ProducerRecord<>(topics.events().name(), null, T0 + i * STEP,
                                utf8("series-" + k), event(i)));
                    }
                    if (i % 2 == 0) {
                        producer.send(new ProducerRecord<>(topics.events().name(), utf8("series-" + i % KEYS),
                                INVALID.get(invalid++ % INVALID.size())));
                    }
                }
                producer.send(new ProducerRecord<>(topics.events().name(), utf8("series-0"), event(3))).get();
                invalid++; // an out-of-order event
                long produced = millisSince(t0);

                int valid = KEYS * VALID_PER_KEY;
                List<ConsumerRecord<byte[], byte[]>> forecasts = readCommitted(topics.forecasts().name(), valid);
                List<ConsumerRecord<byte[], byte[]>> dead = readCommitted(topics.deadLetters().name(), invalid);
                long consumed = millisSince(t0);
                LOG.info("started in {} ms, produced by {} ms, {} forecasts and {} DLQ records read by {} ms",
                        started, produced, forecasts.size(), dead.size(), consumed);

                assertEquals(valid, forecasts.size());
                assertEquals(invalid, dead.size());
                Deserializer<Forecast> forecast = topics.forecasts().valueSerde().deserializer();
                for (ConsumerRecord<byte[], byte[]> record : forecasts) {
                    assertEquals(5, forecast.deserialize(record.topic(), record.value()).modelVersion());
                }
                Map<String, Integer> reasons = new TreeMap<>();
                for (ConsumerRecord<byte[], byte[]> record : dead) {
                    reasons.merge(DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.REASON), 1, Integer::sum);
                    assertEquals(topics.events().name(),
                            DeadLetterHeaders.text(record.headers(), DeadLetterHeaders.SOURCE_TOPIC));
                }
                assertEquals(Map.of("bad_encoding", 1, "malformed_json", 1, "not_a_number", 1, "not_an_object", 1,
                        "not_finite", 1, "out_of_order", 1), reasons);
                assertEquals(valid + invalid, counters.eventsIn());
            }
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static void awaitModelVersion(ModelHolder models, long version) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (models.current().version() != version && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(version, models.current().version(), "the global thread did not install the model");
    }

    private static void assertModelsTopicIsCompacted(Topics topics) throws Exception {
        try (Admin admin = Admin.create(BROKER.broker().clientProperties())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topics.models().name());
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertEquals(TopicConfig.CLEANUP_POLICY_COMPACT, config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value());
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(BROKER.broker().clientProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props);
    }

    /**
     * Committed records of a topic until {@code expected} arrived, then one more second to catch any
     * surplus (a duplicate would show up as one record too many).
     */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
        Map<String, Object> props = new HashMap<>(BROKER.broker().clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            long grace = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < grace) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
}
