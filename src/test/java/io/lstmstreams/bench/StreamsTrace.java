package io.lstmstreams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Prints, once a second while a latency run lasts, the worst stream-thread commit, poll and
 * process times and store flush times of the last second ({@code -Dbench.latency.trace=true}), to
 * tie a latency burst to what the stream thread was doing. Needs {@code metrics.recording.level=DEBUG}
 * and a one-second metrics sample window for the store rows, which the benchmark sets with it.
 */
final class StreamsTrace implements AutoCloseable {
    static final boolean ENABLED = Boolean.getBoolean("bench.latency.trace");
    private final Thread thread;

    StreamsTrace(KafkaStreams streams) {
        thread = new Thread(() -> loop(streams), "streams-trace");
        thread.setDaemon(true);
        thread.start();
    }

    private static void loop(KafkaStreams streams) {
        long start = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(1000);
                List<String> parts = new ArrayList<>();
                for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
                    MetricName name = e.getKey();
                    boolean thread = name.group().equals("stream-thread-metrics")
                            && name.name().matches("(commit|poll|process|punctuate)-latency-max");
                    boolean store = name.group().equals("stream-state-metrics") && name.name().equals("flush-latency-max");
                    if (!thread && !store) {
                        continue;
                    }
                    Object value = e.getValue().metricValue();
                    if (!(value instanceof Double d) || d.isNaN() || d < 5) {
                        continue;
                    }
                    String label = store ? name.tags().getOrDefault("rocksdb-state-id",
                            name.tags().getOrDefault("in-memory-state-id", "?")) + "@" + name.tags().get("task-id")
                                    + " flush" : name.name().replace("-latency-max", "");
                    parts.add(String.format(Locale.ROOT, "%s=%.0f", label, d));
                }
                System.out.printf(Locale.ROOT, "trace %5.1fs %s%n", (System.nanoTime() - start) / 1e9,
                        String.join(" ", parts));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
