package io.lstmstreams.bench;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Event → output latency of a running topology at a fixed input rate. A pacer sends events at
 * {@code rate}/s, each stamped with its send time ({@link System#nanoTime()}, same JVM) in a header
 * that Kafka Streams carries to the outputs; a {@code read_committed} consumer of the output topic
 * takes the difference when it reads the record. Records sent during the warm-up are not counted.
 */
final class LatencyProbe {
    static final String SENT_HEADER = "bench.sent-nanos";
    /** Quarter seconds whose worst latency is under this are left out of the printed timeline. */
    private static final double TIMELINE_THRESHOLD_MS = 40;

    private final Map<String, Object> client;
    private final String eventsTopic;
    private final String outputTopic;
    private final SyntheticSeries series;

    LatencyProbe(Map<String, Object> client, String eventsTopic, String outputTopic, SyntheticSeries series) {
        this.client = client;
        this.eventsTopic = eventsTopic;
        this.outputTopic = outputTopic;
        this.series = series;
    }

    /**
     * @param firstStep step of every key the first event carries (keys continue where they stopped)
     * @param rate events per second
     * @param seconds how long to send, warm-up included
     * @param warmupSeconds leading seconds whose events are not counted
     */
    Result run(long firstStep, double rate, double seconds, double warmupSeconds) throws InterruptedException {
        long events = Math.round(rate * seconds);
        Histogram micros = new Histogram(3);
        try (KafkaConsumer<byte[], byte[]> consumer = consumerAtEnd()) {
            long start = System.nanoTime() + 1_000_000;
            long warmupCutNanos = start + (long) (warmupSeconds * 1e9);
            LatencyTimeline timeline = StreamsTrace.ENABLED
                    ? new LatencyTimeline(start, firstStep, rate, series.keys()) : null;
            Thread reader = new Thread(() -> read(consumer, events, micros, warmupCutNanos, seconds, timeline),
                    "latency-reader");
            reader.start();
            long sent = pace(firstStep, rate, events, start);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            reader.join();
            if (timeline != null) {
                timeline.print(TIMELINE_THRESHOLD_MS);
            }
            return new Result(rate, sent / sendSeconds, micros.getTotalCount(),
                    micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                    micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
        }
    }

    /** Events, one key after the other, each at its due time; returns how many were sent. */
    private long pace(long firstStep, double rate, long events, long start) {
        int keys = series.keys();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (long i = 0; i < events; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                int k = (int) (i % keys);
                long step = firstStep + i / keys;
                RecordHeaders headers = new RecordHeaders();
                headers.add(SENT_HEADER, ByteBuffer.allocate(8).putLong(System.nanoTime()).array());
                producer.send(new ProducerRecord<>(eventsTopic, null, null, series.key(k), series.json(k, step),
                        headers));
            }
            producer.flush();
        }
        return events;
    }

    private void read(KafkaConsumer<byte[], byte[]> consumer, long expected, Histogram micros,
            long warmupCutNanos, double seconds, LatencyTimeline timeline) {
        long deadline = System.nanoTime() + (long) ((seconds + 30) * 1e9);
        long seen = 0;
        while (seen < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                long now = System.nanoTime();
                Header header = record.headers().lastHeader(SENT_HEADER);
                if (header == null) {
                    continue;
                }
                seen++;
                long sentAt = ByteBuffer.wrap(header.value()).getLong();
                if (sentAt >= warmupCutNanos) {
                    micros.recordValue(TimeUnit.NANOSECONDS.toMicros(now - sentAt));
                }
                if (timeline != null) {
                    timeline.record(sentAt, now - sentAt);
                }
            }
        }
    }

    /** A read_committed consumer positioned at the current end of every partition of the output. */
    private KafkaConsumer<byte[], byte[]> consumerAtEnd() {
        Map<String, Object> props = new java.util.HashMap<>(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor(outputTopic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the seek now, before anything is sent
        return consumer;
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> props = new java.util.HashMap<>(client);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    /**
     * @param targetRate events/s asked for
     * @param sentRate events/s the pacer achieved
     * @param measured outputs whose latency was recorded (after the warm-up)
     */
    record Result(double targetRate, double sentRate, long measured, double p50Ms, double p99Ms, double p999Ms,
            double maxMs) {
    }
}
