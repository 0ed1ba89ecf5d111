package io.lstmstreams.app;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.stream.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the forecasts and dead-letter topics {@code read_committed} from the beginning, on its own
 * thread, for as long as a run lasts: what a downstream consumer under exactly-once sees. Records of
 * aborted transactions never show; those of a transaction still open show once it commits.
 */
final class CommittedOutputs implements AutoCloseable {
    /** The records read so far, as a snapshot. */
    record Snapshot(List<ConsumerRecord<byte[], byte[]>> forecasts, List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        int total() {
            return forecasts.size() + deadLetters.size();
        }
    }

    private final String forecastsTopic;
    private final List<ConsumerRecord<byte[], byte[]>> forecasts = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    /** Starts reading both topics, which must exist with {@code partitions} partitions each. */
    CommittedOutputs(EmbeddedKafkaBroker kafka, Topics topics, int partitions) {
        this.forecastsTopic = topics.forecasts().name();
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> assigned = new ArrayList<>();
        for (String topic : List.of(forecastsTopic, topics.deadLetters().name())) {
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
        }
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
        this.thread = new Thread(this::run, "committed-outputs-" + topics.forecasts().name());
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    synchronized (this) {
                        (r.topic().equals(forecastsTopic) ? forecasts : deadLetters).add(r);
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    synchronized Snapshot snapshot() {
        if (failure != null) {
            throw new IllegalStateException("reading the outputs failed", failure);
        }
        return new Snapshot(List.copyOf(forecasts), List.copyOf(deadLetters));
    }

    int total() {
        return snapshot().total();
    }

    /** Waits until the records read satisfy {@code done}; false if {@code timeout} passed first. */
    boolean await(Predicate<Snapshot> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(snapshot())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
