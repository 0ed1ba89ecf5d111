package io.lstmstreams.app;

import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.event.ObservationJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The fixed input of the crash tests: {@code keys} series of {@code steps} half-hourly events each,
 * interleaved in time, and on every key four events that must end in the DLQ: malformed JSON, a
 * non-finite value, a repeated timestamp and one from the past. The last two are rejected by the
 * engine against the key's state, so a key whose state was lost would forecast them instead.
 */
final class CrashInput {
    /** One input record; {@code valid} ones must be forecast once, at {@code timestamp}. */
    record Event(String key, byte[] value, boolean valid, long timestamp) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private final List<Event> events = new ArrayList<>();

    CrashInput(int keys, int steps) {
        for (int i = 0; i < steps; i++) {
            for (int k = 0; k < keys; k++) {
                long ts = Cluster.T0 + i * Cluster.STEP;
                events.add(new Event(key(k), ObservationJson.write(Cluster.observation(k, i)), true, ts));
                int phase = i - k % 10;
                if (phase == steps / 8) {
                    events.add(bad(k, "{\"value\":"));
                } else if (phase == 3 * steps / 8) {
                    events.add(bad(k, "{\"ts\":" + ts + ",\"value\":1.5}"));
                } else if (phase == 5 * steps / 8) {
                    events.add(bad(k, "{\"ts\":" + (ts - 3 * Cluster.STEP) + ",\"value\":2.5}"));
                } else if (phase == 7 * steps / 8) {
                    events.add(bad(k, "{\"value\":NaN}"));
                }
            }
        }
    }

    private static String key(int k) {
        return "series-" + k;
    }

    private static Event bad(int k, String json) {
        return new Event(key(k), json.getBytes(StandardCharsets.UTF_8), false, -1);
    }

    List<Event> events() {
        return events;
    }

    long valid() {
        return events.stream().filter(Event::valid).count();
    }

    long invalid() {
        return events.size() - valid();
    }

    /** Per key, the timestamps of its valid events in input order. */
    Map<String, List<Long>> validTimestamps() {
        Map<String, List<Long>> byKey = new HashMap<>();
        for (Event e : events) {
            if (e.valid()) {
                byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.timestamp());
            }
        }
        return byKey;
    }

    /** Per key, the values of its invalid events in input order: what its dead letters must carry. */
    Map<String, List<String>> invalidValues() {
        Map<String, List<String>> byKey = new HashMap<>();
        for (Event e : events) {
            if (!e.valid()) {
                byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e.text());
            }
        }
        return byKey;
    }

    /** Sends every event at once and waits for the acks. */
    void sendAll(EmbeddedKafkaBroker kafka, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
            for (Event e : events) {
                producer.send(record(topic, e));
            }
            producer.flush();
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Event e) {
        return new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), e.value());
    }

    /**
     * Sends the events at a steady pace on its own thread, {@code batch} every {@code pause}, as a
     * live source does whether the application is up or not; {@link #finishNow} sends the rest at once.
     */
    final class Feeder implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Thread thread;
        private final AtomicInteger sent = new AtomicInteger();
        private volatile boolean hurry;
        private volatile RuntimeException failure;

        Feeder(EmbeddedKafkaBroker kafka, String topic, int batch, Duration pause) {
            this.producer = Cluster.producer(kafka);
            this.thread = new Thread(() -> feed(topic, batch, pause), "feeder-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void feed(String topic, int batch, Duration pause) {
            try {
                int i = 0;
                while (i < events.size()) {
                    int end = hurry ? events.size() : Math.min(events.size(), i + batch);
                    for (; i < end; i++) {
                        producer.send(record(topic, events.get(i)));
                    }
                    producer.flush();
                    sent.set(i);
                    if (!hurry && i < events.size()) {
                        Thread.sleep(pause.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        /** Events sent and acknowledged so far. */
        int sent() {
            return sent.get();
        }

        /** Sends what is left without pausing, and waits until it is acknowledged. */
        void finishNow() throws InterruptedException {
            hurry = true;
            thread.join();
            if (failure != null) {
                throw new IllegalStateException("feeding the input failed after " + sent() + " events", failure);
            }
        }

        @Override
        public void close() {
            hurry = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                producer.close();
            }
        }
    }
}
