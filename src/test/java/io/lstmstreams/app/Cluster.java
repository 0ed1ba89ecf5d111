package io.lstmstreams.app;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastEngine;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.engine.SeriesState;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.ForecastJson;
import io.lstmstreams.event.Observation;
import io.lstmstreams.event.ObservationJson;
import io.lstmstreams.stream.StreamFixtures;
import io.lstmstreams.stream.Topics;
import io.lstmstreams.training.ModelArtefact;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What the application's integration tests share: a small engine (fast to step and to train), the
 * application config on an embedded broker, event production, committed reads, and the in-memory
 * reference run that a broker run must reproduce exactly.
 */
final class Cluster {
    /** Half an hour. */
    static final long STEP = 1_800_000L;
    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200_000L;
    static final Duration WAIT = Duration.ofSeconds(45);

    private Cluster() {
    }

    /**
     * Horizon 3, one LSTM layer of 4, no season; a segment every 4 events of 2 burn-in + 4 steps;
     * training small and quick.
     */
    static Properties smallEngine() {
        Properties p = StreamFixtures.engineProperties();
        p.setProperty("training.replay.capacity", "64");
        p.setProperty("training.validation.segments", "4");
        p.setProperty("training.batch-size", "8");
        p.setProperty("training.epochs", "2");
        return p;
    }

    /** Settings for an instance that forecasts with a fixed model (no trainer), as reproducible runs need. */
    static Properties noTraining() {
        Properties p = new Properties();
        p.setProperty("training.enabled", "false");
        return p;
    }

    /** An instance's config: the small engine, {@code extra} over it, quick commits. */
    static AppConfig config(EmbeddedKafkaBroker kafka, String applicationId, Path stateDir, Properties extra) {
        return config(kafka.bootstrapServers(), applicationId, stateDir, extra);
    }

    /** The same for any broker reachable at {@code bootstrapServers} without credentials. */
    static AppConfig config(String bootstrapServers, String applicationId, Path stateDir, Properties extra) {
        Properties p = smallEngine();
        p.setProperty("bootstrap.servers", bootstrapServers);
        p.setProperty("application.id", applicationId);
        p.setProperty("state.dir", stateDir.toString());
        p.setProperty("topics.partitions", "4");
        // under exactly-once, output becomes visible at each commit
        p.setProperty("commit.interval.ms", "100");
        // HTTP on any free port: instances of a test (and tests run side by side) must not collide
        p.setProperty("http.port", "0");
        p.putAll(extra);
        return AppConfig.fromProperties(p);
    }

    /** A daily wave with a weekly swell and a little deterministic noise per key. */
    static Observation observation(int key, int i) {
        double value = 100 + 10 * key + 20 * Math.sin(2 * Math.PI * i / 48.0) + 5 * Math.sin(2 * Math.PI * i / 336.0)
                + 3 * Math.sin(i * 12.9898 + key * 78.233);
        return Observation.of("series-" + key, T0 + i * STEP, value);
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive) of every key, interleaved in time. */
    static List<Observation> events(int keys, int from, int to) {
        List<Observation> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (int k = 0; k < keys; k++) {
                events.add(observation(k, i));
            }
        }
        return events;
    }

    static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker kafka) {
        return producer(kafka.clientProperties());
    }

    /** A producer with the given client properties (bootstrap servers, security) and acks=all. */
    static KafkaProducer<byte[], byte[]> producer(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends events as a producer in production does (key = series id, value = JSON) and waits for the acks. */
    static void send(KafkaProducer<byte[], byte[]> producer, Topics topics, List<Observation> events) {
        for (Observation o : events) {
            producer.send(new ProducerRecord<>(topics.events().name(), o.seriesId().getBytes(StandardCharsets.UTF_8),
                    ObservationJson.write(o)));
        }
        producer.flush();
    }

    /**
     * Reads a topic from the beginning, {@code read_committed}, until {@code expected} records came,
     * then a second more so that a surplus (a duplicate) would show.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedKafkaBroker kafka, String topic, int expected) {
        return readCommitted(kafka.clientProperties(), topic, expected);
    }

    /** The same with the given client properties. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(Map<String, Object> clientProperties, String topic,
            int expected) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
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

    /** The committed forecasts, parsed, once {@code expected} are there (or the wait ran out). */
    static List<Forecast> forecasts(EmbeddedKafkaBroker kafka, Topics topics, int expected) {
        return forecasts(kafka.clientProperties(), topics, expected);
    }

    /** The same with the given client properties. */
    static List<Forecast> forecasts(Map<String, Object> clientProperties, Topics topics, int expected) {
        List<Forecast> forecasts = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : readCommitted(clientProperties, topics.forecasts().name(), expected)) {
            forecasts.add(topics.forecasts().valueSerde().deserializer().deserialize(r.topic(), r.value()));
        }
        return forecasts;
    }

    /** Keyed by series and origin time, for comparing runs whatever the order across keys. */
    static Map<String, Forecast> byOrigin(List<Forecast> forecasts) {
        Map<String, Forecast> map = new HashMap<>();
        for (Forecast f : forecasts) {
            map.put(f.seriesId() + "@" + f.originTimestamp(), f);
        }
        return map;
    }

    /**
     * The reference: the same engine over the same events without a broker, per-key states in memory.
     * A stream run that loses no state and swaps models at the same points gives identical forecasts.
     * Each forecast is kept as the forecasts topic carries it (written and read back), since the wire
     * format rounds its numbers.
     */
    static final class Reference {
        private final ForecastEngine engine;
        private final Map<String, SeriesState> states = new HashMap<>();
        private final List<Forecast> forecasts = new ArrayList<>();

        Reference(EngineConfig config, ModelHolder models) {
            this.engine = new ForecastEngine(config, models);
        }

        Reference run(List<Observation> events) {
            for (Observation o : events) {
                StepResult result = engine.process(states.get(o.seriesId()), o);
                states.put(o.seriesId(), result.state());
                forecasts.add(ForecastJson.parse(ForecastJson.write(result.forecast())));
            }
            return this;
        }

        /** Forgets every key's state, as a key restarting from zeros would. */
        Reference forgetKeys() {
            states.clear();
            return this;
        }

        List<Forecast> forecasts() {
            return forecasts;
        }
    }

    /** A model of the same shape with slightly different weights, as a retraining would give. */
    static ModelArtefact perturbed(ModelArtefact base, long version) {
        float[] params = base.params();
        Random random = new Random(version);
        for (int i = 0; i < params.length; i++) {
            params[i] += (float) (random.nextGaussian() * 0.1);
        }
        return new ModelArtefact(version, Instant.parse("2025-01-01T00:00:00Z"), base.cell(), base.hiddenSizes(),
                base.inputSize(), base.horizon(), params, 0.1, 0.1);
    }

    /**
     * Record values per key, each key's in the order its partition holds them, Base64-encoded so that
     * a difference shows readably: for comparing a run with the reference byte for byte.
     */
    static Map<String, List<String>> valuesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(Base64.getEncoder().encodeToString(r.value()));
        }
        return byKey;
    }

    /** The same for forecasts not yet serialised (the reference run's), with the forecasts topic's serde. */
    static Map<String, List<String>> valuesByKey(Topics topics, List<Forecast> forecasts) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (Forecast f : forecasts) {
            byte[] value = topics.forecasts().valueSerde().serializer().serialize(topics.forecasts().name(), f);
            byKey.computeIfAbsent(f.seriesId(), k -> new ArrayList<>()).add(Base64.getEncoder().encodeToString(value));
        }
        return byKey;
    }

    /**
     * Events at a steady pace while the test does other things: one round (an event of every key,
     * in {@link #events} order) every {@code pause}, from its own thread, until {@link #stop()}.
     * Per-key order is kept (one idempotent producer), so what it sent, in order, is the reference
     * run's input.
     */
    static final class SteadyProducer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Topics topics;
        private final int keys;
        private final Duration pause;
        private final AtomicInteger rounds = new AtomicInteger();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean stopping;

        SteadyProducer(EmbeddedKafkaBroker kafka, Topics topics, int keys, Duration pause) {
            this.producer = producer(kafka);
            this.topics = topics;
            this.keys = keys;
            this.pause = pause;
            this.thread = new Thread(this::run, "steady-producer");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (!stopping) {
                    int round = rounds.get();
                    send(producer, topics, events(keys, round, round + 1));
                    rounds.incrementAndGet();
                    Thread.sleep(pause.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }

        /** Rounds sent and acknowledged so far. */
        int rounds() {
            return rounds.get();
        }

        /** Waits until {@code more} rounds beyond the current count have been sent. */
        boolean awaitMore(int more) throws InterruptedException {
            int target = rounds() + more;
            return await(() -> rounds() >= target);
        }

        /** Stops after the round in progress; returns every event sent, in sending order. */
        List<Observation> stop() throws InterruptedException {
            stopping = true;
            thread.join(WAIT.toMillis());
            if (failure.get() != null) {
                throw new IllegalStateException("producing failed", failure.get());
            }
            return events(keys, 0, rounds());
        }

        @Override
        public void close() throws InterruptedException {
            stopping = true;
            thread.join(WAIT.toMillis());
            producer.close();
        }
    }

    /** Waits until {@code condition} holds or {@link #WAIT} passes; returns whether it holds. */
    static boolean await(BooleanSupplier condition) throws InterruptedException {
        return await(condition, WAIT);
    }

    /** Whether {@code condition} became true within {@code wait}. */
    static boolean await(BooleanSupplier condition, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
