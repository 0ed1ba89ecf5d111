package io.lstmstreams.metrics;

import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.stream.StreamCounters;
import io.lstmstreams.training.Retrainer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Everything an instance measures, in one object the command wires: the Prometheus registry with
 * JVM and process metrics, the stream's meters ({@link #counters()}, to give to the topology), the
 * retrainer's ({@link #bindRetrainer}), Kafka Streams' ({@link #bindStreams}), and the bounded
 * in-memory views behind the HTTP endpoints (recent forecasts, model history).
 * <pre>{@code
 * Observability obs = Observability.create(config.engine().horizon());
 * ForecastStreamsApp app = new ForecastStreamsApp(config, models, decoder, obs.counters());
 * obs.trackModel(models);
 * obs.bindStreams(app.streams());
 * }</pre>
 */
public final class Observability implements AutoCloseable {
    /** How far back the accuracy gauges look. */
    public static final Duration ACCURACY_WINDOW = Duration.ofMinutes(5);
    /** Resolution of that window. */
    public static final int ACCURACY_BUCKETS = 10;
    /** Series whose recent points the live page can show. */
    public static final int RECENT_SERIES = 50;
    /** Points kept per recent series. */
    public static final int RECENT_POINTS = 300;
    /** Model versions kept for {@code /models}. */
    public static final int MODEL_HISTORY = 20;

    private final PrometheusMeterRegistry registry;
    private final StreamMetrics streamMetrics;
    private final RetrainerMetrics retrainerMetrics;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private Observability(PrometheusMeterRegistry registry, StreamMetrics streamMetrics,
            RetrainerMetrics retrainerMetrics) {
        this.registry = registry;
        this.streamMetrics = streamMetrics;
        this.retrainerMetrics = retrainerMetrics;
    }

    /** A registry with JVM and process metrics and every application meter, for forecasts of {@code horizon} steps. */
    public static Observability create(int horizon) {
        return create(horizon, Clock.systemUTC());
    }

    static Observability create(int horizon, Clock clock) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // before any meter exists: a filter applies to meters registered after it
        registry.config().meterFilter(new PrometheusLint());
        AccuracyWindow accuracy = new AccuracyWindow(horizon, ACCURACY_WINDOW, ACCURACY_BUCKETS, clock::millis);
        StreamMetrics stream = new StreamMetrics(registry, accuracy, new RecentForecasts(RECENT_SERIES, RECENT_POINTS),
                new ModelHistory(MODEL_HISTORY, clock));
        Observability obs = new Observability(registry, stream, new RetrainerMetrics(registry));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        obs.closeables.add(gc);
        return obs;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** What the topology counts into. */
    public StreamCounters counters() {
        return streamMetrics;
    }

    public StreamMetrics streamMetrics() {
        return streamMetrics;
    }

    public RetrainerMetrics retrainerMetrics() {
        return retrainerMetrics;
    }

    /** Recent points per series, for the live page. */
    public RecentForecasts recent() {
        return streamMetrics.recent();
    }

    /** Model versions seen; also a {@code Consumer<ModelArtefact>} to chain into the retrainer's listener. */
    public ModelHistory models() {
        return streamMetrics.models();
    }

    /** The model-version gauge follows {@code holder}. */
    public void trackModel(ModelHolder holder) {
        streamMetrics.trackModel(holder);
    }

    /** Kafka Streams' metrics and the keys-tracked gauge, from {@code streams}; call before or after start. */
    public void bindStreams(KafkaStreams streams) {
        closeables.add(StreamsBinding.bind(streams, registry, streamMetrics));
    }

    /** The retraining meters read {@code retrainer}. */
    public void bindRetrainer(Retrainer retrainer) {
        retrainerMetrics.bind(retrainer);
    }

    /** Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort: nothing here holds data
            }
        }
        registry.close();
    }
}
