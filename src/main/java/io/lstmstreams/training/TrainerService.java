package io.lstmstreams.training;

import io.lstmstreams.config.AppConfig;
import io.lstmstreams.config.EngineConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer role of an instance: reads the segments topic, feeds a {@link Retrainer}, retrains
 * on its own thread and publishes accepted models to the models topic, where every instance's
 * global store picks them up.
 *
 * <p><b>One active trainer across instances.</b> The trainers of all instances join one consumer
 * group ({@code <application.id>-trainer}) on the segments topic, which has a single partition:
 * the group gives it to one member, which trains; the others poll with nothing assigned and take
 * over on a rebalance when it leaves (at once on a clean shutdown, after the session timeout on a
 * crash: the {@code session.timeout.ms} and {@code heartbeat.interval.ms} given to the stream's
 * consumers, so that the role passes on as soon as the crashed instance's partitions do). On taking
 * over, a trainer re-reads up to {@code training.replay.capacity} segments before the group's
 * committed offset to refill its replay buffer (they are not counted as new events), and before
 * every retraining it reads the models topic to its end and adopts the newest model, so that it
 * continues from the weights in use rather than from the seed-initialised v0.
 *
 * <p><b>Triggers.</b> Segments × {@code segment.every} stand for the events behind them: after
 * {@code training.retrain.every-events} such events, and/or after {@code training.retrain.interval}
 * of wall time, it retrains, always on this service's thread, never a stream thread. A retraining
 * that fails is logged and the next trigger tries again; a segment that cannot be read or does not
 * fit this engine is skipped and counted. While a retraining runs no segments are read, so
 * triggers that fire meanwhile collapse into one: the trainer never queues up work it cannot do.
 *
 * <p>Models are published under the key {@value #MODEL_NAME} by an idempotent producer with
 * {@code acks=all}, synchronously, before the next retraining starts. Segments are read
 * {@code read_committed}: under exactly-once, segments of aborted transactions are never trained on.
 */
public final class TrainerService implements AutoCloseable {
    /** Key of the models this trainer publishes. */
    public static final String MODEL_NAME = "default";

    private static final Logger LOG = LoggerFactory.getLogger(TrainerService.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RESTART_BACKOFF = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    /** Consumer settings that say how soon a silent member leaves its group. */
    private static final List<String> GROUP_LIVENESS = List.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
            ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);

    private final AppConfig config;
    private final EngineConfig engine;
    private final String segmentsTopic;
    private final String modelsTopic;
    private final Deserializer<Segment> segmentDeserializer;
    private final Retrainer retrainer;
    private final Consumer<ModelArtefact> onPublished;
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong segmentsRead = new AtomicLong();
    private final AtomicLong segmentsSkipped = new AtomicLong();
    /** Per partition: offsets below it were read before (a refill), not new events. */
    private final Map<TopicPartition, Long> countFrom = new HashMap<>();
    /** Per partition: the next offset this trainer has not read yet. */
    private final Map<TopicPartition, Long> readUpTo = new HashMap<>();
    private volatile boolean closing;
    private volatile boolean active;
    private volatile KafkaConsumer<String, Segment> segments;
    private KafkaProducer<String, byte[]> producer;
    private long eventsSinceRun;
    private long lastRunNanos;

    /**
     * @param config cluster, application id and the engine's training settings
     * @param initial the model to continue from until a newer one is read from the models topic; null
     *     for the seed-initialised v0
     * @param segmentsTopic where the stream writes segments
     * @param segmentDeserializer the segments topic's value format
     * @param modelsTopic where models are published (and read back)
     */
    public TrainerService(AppConfig config, ModelArtefact initial, String segmentsTopic,
            Deserializer<Segment> segmentDeserializer, String modelsTopic) {
        this(config, initial, segmentsTopic, segmentDeserializer, modelsTopic, model -> { });
    }

    /**
     * As above, and tells {@code onPublished} of every model once the models topic has acknowledged
     * it (on the trainer's thread; it must be quick and must not throw).
     */
    public TrainerService(AppConfig config, ModelArtefact initial, String segmentsTopic,
            Deserializer<Segment> segmentDeserializer, String modelsTopic, Consumer<ModelArtefact> onPublished) {
        this.onPublished = Objects.requireNonNull(onPublished, "onPublished");
        this.config = Objects.requireNonNull(config, "config");
        this.engine = config.engine();
        this.segmentsTopic = Objects.requireNonNull(segmentsTopic, "segmentsTopic");
        this.segmentDeserializer = Objects.requireNonNull(segmentDeserializer, "segmentDeserializer");
        this.modelsTopic = Objects.requireNonNull(modelsTopic, "modelsTopic");
        this.retrainer = new Retrainer(engine, initial, this::publish);
        this.thread = new Thread(this::run, "lstm-trainer");
        thread.setDaemon(true);
    }

    /** Starts the trainer's thread; it joins the trainers' group and trains when elected. */
    public void start() {
        thread.start();
    }

    /** Whether this instance holds the segments partition, i.e. is the active trainer now. */
    public boolean isActive() {
        return active;
    }

    /** Models this trainer published. */
    public long published() {
        return published.get();
    }

    /** Segments read and offered to the replay buffer. */
    public long segmentsRead() {
        return segmentsRead.get();
    }

    /** Segments that could not be read or do not fit this engine, skipped. */
    public long segmentsSkipped() {
        return segmentsSkipped.get();
    }

    /** The retrainer: its champion, runs, verdict counts and last outcome. */
    public Retrainer retrainer() {
        return retrainer;
    }

    /** Stops after the retraining in progress, if any; leaves the group so that another trainer takes over. */
    @Override
    public void close() {
        closing = true;
        KafkaConsumer<String, Segment> consumer = segments;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("the trainer did not stop within {}", CLOSE_TIMEOUT);
            }
        }
        retrainer.close();
    }

    /** The thread's body: runs the clients, and starts them afresh after an unexpected failure. */
    private void run() {
        while (!closing) {
            try {
                runClients();
            } catch (WakeupException | InterruptException e) {
                if (!closing) {
                    LOG.warn("trainer interrupted; restarting", e);
                }
            } catch (RuntimeException e) {
                LOG.error("trainer failed; restarting in {}", RESTART_BACKOFF, e);
                pause(RESTART_BACKOFF);
            }
        }
        LOG.info("trainer stopped after {} retrainings, {} models published", retrainer.runs(), published.get());
    }

    private void runClients() {
        try (KafkaConsumer<String, byte[]> models = new KafkaConsumer<>(modelsConsumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer());
                KafkaConsumer<String, Segment> consumer = new KafkaConsumer<>(segmentsConsumerProperties(config),
                        new StringDeserializer(), segmentDeserializer);
                KafkaProducer<String, byte[]> modelProducer = new KafkaProducer<>(producerProperties(),
                        new StringSerializer(), new ByteArraySerializer())) {
            segments = consumer;
            producer = modelProducer;
            if (closing) {
                return; // close() came before the consumer could be woken up
            }
            List<TopicPartition> modelPartitions = partitions(models, modelsTopic);
            models.assign(modelPartitions);
            models.seekToBeginning(modelPartitions);
            warnIfSegmentsArePartitioned(consumer);
            consumer.subscribe(List.of(segmentsTopic), new Election(consumer));
            lastRunNanos = System.nanoTime();
            while (!closing) {
                pollSegments(consumer);
                adoptPublished(models, Duration.ZERO);
                if (active && due()) {
                    retrain(models);
                }
            }
        } finally {
            active = false;
            segments = null;
            producer = null;
        }
    }

    private void pollSegments(KafkaConsumer<String, Segment> consumer) {
        ConsumerRecords<String, Segment> batch;
        try {
            batch = consumer.poll(POLL);
        } catch (RecordDeserializationException e) {
            // a record the serde cannot read would block the partition forever: step over it
            segmentsSkipped.incrementAndGet();
            LOG.warn("skipping unreadable segment at {}@{}: {}", e.topicPartition(), e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return;
        }
        for (ConsumerRecord<String, Segment> record : batch) {
            take(record);
        }
    }

    private void take(ConsumerRecord<String, Segment> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        readUpTo.put(tp, record.offset() + 1);
        Segment segment = record.value();
        if (segment == null || !fits(segment)) {
            if (segmentsSkipped.incrementAndGet() == 1) {
                LOG.warn("skipping a segment that does not fit this engine (key {}, offset {}); further ones are"
                        + " counted only", record.key(), record.offset());
            }
            return;
        }
        retrainer.offer(segment);
        segmentsRead.incrementAndGet();
        Long from = countFrom.get(tp);
        if (from == null || record.offset() >= from) {
            eventsSinceRun += engine.segmentEvery();
        }
    }

    /** Whether the segment was cut by an engine shaped like this one (else training on it would fail). */
    private boolean fits(Segment segment) {
        return segment.steps() == engine.segmentSteps() && segment.inputs()[0].length == engine.inputSize()
                && segment.targets()[0].length == engine.horizon();
    }

    private boolean due() {
        long every = engine.retrainEveryEvents();
        Duration interval = engine.retrainInterval();
        return every > 0 && eventsSinceRun >= every
                || !interval.isZero() && System.nanoTime() - lastRunNanos >= interval.toNanos();
    }

    private void retrain(KafkaConsumer<String, byte[]> models) {
        eventsSinceRun = 0;
        lastRunNanos = System.nanoTime();
        // continue from the newest published weights, whoever trained them
        adoptPublished(models, CATCH_UP);
        try {
            retrainer.retrainNow();
        } catch (RuntimeException e) {
            LOG.error("retraining failed; the next trigger tries again", e);
        }
    }

    /**
     * Adopts newer models from the models topic: what one poll returns when {@code timeout} is zero,
     * else everything up to the end offsets seen now (or until the timeout).
     */
    private void adoptPublished(KafkaConsumer<String, byte[]> models, Duration timeout) {
        if (timeout.isZero()) {
            adoptNewest(models.poll(Duration.ZERO));
            return;
        }
        Set<TopicPartition> assigned = models.assignment();
        Map<TopicPartition, Long> end = models.endOffsets(assigned, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closing && System.nanoTime() < deadline
                && assigned.stream().anyMatch(tp -> models.position(tp) < end.get(tp))) {
            adoptNewest(models.poll(POLL));
        }
    }

    /** Adopts the newest usable model among {@code records} if it is newer than the champion. */
    private void adoptNewest(ConsumerRecords<String, byte[]> records) {
        ModelArtefact newest = null;
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() == null) {
                continue;
            }
            try {
                ModelArtefact model = ModelArtefactCodec.decode(record.value(), engine);
                if (newest == null || model.version() > newest.version()) {
                    newest = model;
                }
            } catch (ModelFormatException e) {
                LOG.warn("ignoring model '{}' at {}@{}: {}", record.key(), modelsTopic, record.offset(),
                        e.getMessage());
            }
        }
        if (newest != null && newest.version() > retrainer.champion().version()) {
            retrainer.adopt(newest);
            LOG.info("trainer continues from model v{} read from {}", newest.version(), modelsTopic);
        }
    }

    /** The retrainer's listener: runs on this thread, inside {@link Retrainer#retrainNow()}. */
    private void publish(ModelArtefact model) {
        KafkaProducer<String, byte[]> out = producer;
        if (out == null) {
            LOG.error("model v{} accepted while no producer is open; not published", model.version());
            return;
        }
        try {
            out.send(new ProducerRecord<>(modelsTopic, MODEL_NAME, ModelArtefactCodec.encode(model)))
                    .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            published.incrementAndGet();
            onPublished.accept(model);
            LOG.info("published model '{}' v{} (validation loss {}) to {}", MODEL_NAME, model.version(),
                    model.validationLoss(), modelsTopic);
        } catch (ExecutionException | TimeoutException e) {
            // the next accepted model supersedes this one; nothing else waits for it
            LOG.error("could not publish model v{} to {}", model.version(), modelsTopic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warnIfSegmentsArePartitioned(KafkaConsumer<String, Segment> consumer) {
        int count = consumer.partitionsFor(segmentsTopic).size();
        if (count > 1) {
            LOG.warn("{} has {} partitions: up to {} trainers may be active at once and publish competing"
                    + " models; give it one partition", segmentsTopic, count, count);
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /**
     * The segments consumer's settings: a member of the trainers' group, with the group liveness
     * settings the stream's consumers get ({@link #GROUP_LIVENESS}, read as Kafka Streams reads them
     * for its main consumer: plain, then {@code consumer.}, then {@code main.consumer.}, the most
     * specific winning). Without them a crashed instance would hold the trainer role for Kafka's
     * default 45 s, whatever session timeout the application was given.
     */
    static Properties segmentsConsumerProperties(AppConfig config) {
        Properties p = config.toClientProperties();
        for (String key : GROUP_LIVENESS) {
            for (String name : List.of(key, StreamsConfig.CONSUMER_PREFIX + key,
                    StreamsConfig.MAIN_CONSUMER_PREFIX + key)) {
                String value = config.kafka().get(name);
                if (value != null) {
                    p.put(key, value);
                }
            }
        }
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId() + "-trainer");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-trainer-segments");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
        // sticky: an instance that joins later does not take the role (and its replay buffer) away
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return p;
    }

    private Properties modelsConsumerProperties() {
        Properties p = config.toClientProperties();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-trainer-models");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return p;
    }

    private Properties producerProperties() {
        Properties p = config.toClientProperties();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-trainer-models");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return p;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Becoming, and ceasing to be, the active trainer. Runs inside {@code poll}, on the trainer's thread. */
    private final class Election implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, Segment> consumer;

        Election(KafkaConsumer<String, Segment> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata offset = committed.get(tp);
                Long read = readUpTo.get(tp);
                if (offset == null || read != null && read >= offset.offset()) {
                    continue; // a first start reads from the beginning; a trainer that has the data keeps it
                }
                long refillFrom = Math.max(beginning.getOrDefault(tp, 0L), offset.offset() - engine.replayCapacity());
                countFrom.put(tp, offset.offset());
                consumer.seek(tp, refillFrom);
            }
            active = true;
            eventsSinceRun = 0;
            lastRunNanos = System.nanoTime();
            LOG.info("this instance is now the active trainer ({})", partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                active = false;
                LOG.info("no longer the active trainer ({}); standing by", partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
