package io.lstmstreams.demo;

import io.lstmstreams.event.EventTime;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.stream.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the forecasts and dead-letter topics from the beginning, {@code read_committed} (so only
 * what the exactly-once stream committed), on its own thread: keeps every forecast by
 * (series, origin time), counts dead letters and duplicates, notes when the first forecast came,
 * and prints every n-th forecast as it arrives.
 */
final class ForecastCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastCollector.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** Identifies the event a forecast was made at. */
    record Origin(String series, long timestamp) {
    }

    private final Properties clientProperties;
    private final Topics topics;
    private final int printEvery;
    private final PrintWriter out;
    private final Map<Origin, Forecast> forecasts = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final CountDownLatch first = new CountDownLatch(1);
    private final Thread thread;
    private volatile long firstNanos;
    private volatile boolean closing;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param clientProperties the cluster (bootstrap servers and security)
     * @param printEvery print every n-th forecast; 0 = none
     * @param out where to print
     */
    ForecastCollector(Properties clientProperties, Topics topics, int printEvery, PrintWriter out) {
        this.clientProperties = clientProperties;
        this.topics = topics;
        this.printEvery = printEvery;
        this.out = out;
        this.thread = new Thread(this::run, "demo-forecast-reader");
        thread.setDaemon(true);
    }

    /** Starts reading; the topics must exist. */
    void start() {
        thread.start();
    }

    /** Forecast records read, duplicates included. */
    long forecastRecords() {
        return records.get();
    }

    /** Distinct (series, origin) forecasts read. */
    int distinctForecasts() {
        return forecasts.size();
    }

    long deadLetters() {
        return deadLetters.get();
    }

    /** Forecast records for an origin that already had one (exactly-once says: none). */
    long duplicates() {
        return duplicates.get();
    }

    /** The forecast made at this event, or null. */
    Forecast forecastAt(String series, long timestamp) {
        return forecasts.get(new Origin(series, timestamp));
    }

    /** {@link System#nanoTime()} when the first forecast was read, or 0 before. */
    long firstForecastNanos() {
        return firstNanos;
    }

    @Override
    public void close() {
        closing = true;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Deserializer<Forecast> forecastFormat = topics.forecasts().valueSerde().deserializer();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = c;
            List<TopicPartition> partitions = new ArrayList<>();
            partitions.addAll(partitions(c, topics.forecasts().name()));
            partitions.addAll(partitions(c, topics.deadLetters().name()));
            c.assign(partitions);
            c.seekToBeginning(partitions);
            while (!closing) {
                for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                    if (record.topic().equals(topics.deadLetters().name())) {
                        deadLetters.incrementAndGet();
                    } else {
                        take(forecastFormat.deserialize(record.topic(), record.value()));
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closing) {
                LOG.warn("forecast reader woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("forecast reader failed", e);
        }
    }

    private void take(Forecast forecast) {
        long n = records.incrementAndGet();
        if (first.getCount() > 0) {
            firstNanos = System.nanoTime();
            first.countDown();
        }
        if (forecasts.put(new Origin(forecast.seriesId(), forecast.originTimestamp()), forecast) != null) {
            duplicates.incrementAndGet();
        }
        if (printEvery > 0 && n % printEvery == 0) {
            print(n, forecast);
        }
    }

    private void print(long n, Forecast f) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "forecast #%d  %s @ %s  model v%d:", n,
                f.seriesId(), EventTime.format(f.originTimestamp()), f.modelVersion()));
        for (int h = 1; h <= f.horizon(); h++) {
            line.append(String.format(Locale.ROOT, "  h%d %.0f [%.0f, %.0f]", h, f.value(h), f.lower(h), f.upper(h)));
        }
        synchronized (out) {
            // on a terminal, start at column 0 and clear the progress bar's line first
            out.println((System.console() != null ? "\r\033[K" : "") + line);
            out.flush();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }
}
