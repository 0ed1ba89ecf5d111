package io.lstmstreams.metrics;

import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.stream.ModelRejection;
import io.lstmstreams.stream.StreamCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.ToDoubleFunction;

/**
 * {@link StreamCounters} as Micrometer meters (names in {@link MetricNames}), plus the online
 * accuracy of the forecasts per horizon over a sliding window, and the feeds of the live page
 * ({@link RecentForecasts}) and of {@code /models} ({@link ModelHistory}).
 *
 * <p>Every meter is created up front, the dead-letter counter once per reason of the closed set in
 * {@link DeadLetterReasons}, the model-rejection counter once per {@link ModelRejection}: nothing is looked up or created per event, and a scrape shows zeros
 * rather than nothing before the first bad record. No tag ever names a key.
 */
public final class StreamMetrics implements StreamCounters {
    /**
     * Latency buckets of the per-event timer. A step is tens of microseconds; the tail up to a second
     * shows stalls (GC, RocksDB). Explicit, so the histogram has 16 buckets rather than Micrometer's
     * default of about 70.
     */
    static final Duration[] LATENCY_BUCKETS = {
        micros(5), micros(10), micros(25), micros(50), micros(100), micros(250), micros(500), millis(1),
        Duration.ofNanos(2_500_000), millis(5), millis(10), millis(25), millis(50), millis(100), millis(250),
        Duration.ofSeconds(1)};

    private final Counter eventsIn;
    private final Counter forecastsOut;
    private final Map<String, Counter> deadLetters = new HashMap<>();
    private final Counter segmentsOut;
    private final DistributionSummary stateSize;
    private final Counter keysCreated;
    private final Counter stateResets;
    private final Counter modelsInstalled;
    private final Map<ModelRejection, Counter> modelsRejected = new EnumMap<>(ModelRejection.class);
    private final Timer processing;
    private final Counter[] scored;
    private final AccuracyWindow accuracy;
    private final RecentForecasts recent;
    private final ModelHistory models;
    private final AtomicLong installedVersion = new AtomicLong(-1);
    private final AtomicReference<ModelHolder> modelInUse = new AtomicReference<>();
    private final AtomicReference<DoubleSupplier> keysTracked = new AtomicReference<>(() -> Double.NaN);

    /**
     * @param registry where the meters go
     * @param accuracy the sliding window the scores go to; its horizon sets the per-horizon meters
     * @param recent the live page's recent points
     * @param models the model history of {@code /models}
     */
    public StreamMetrics(MeterRegistry registry, AccuracyWindow accuracy, RecentForecasts recent,
            ModelHistory models) {
        this.accuracy = accuracy;
        this.recent = recent;
        this.models = models;
        eventsIn = Counter.builder(MetricNames.EVENTS_IN).description("Records read from the events topic, good or bad")
                .register(registry);
        forecastsOut = Counter.builder(MetricNames.FORECASTS_OUT).description("Forecasts emitted")
                .register(registry);
        for (String reason : DeadLetterReasons.all()) {
            deadLetters.put(reason, Counter.builder(MetricNames.DEAD_LETTERS).tag(MetricNames.REASON_TAG, reason)
                    .description("Records sent to the dead-letter topic, by reason").register(registry));
        }
        segmentsOut = Counter.builder(MetricNames.SEGMENTS_OUT).description("Training segments emitted")
                .register(registry);
        stateSize = DistributionSummary.builder(MetricNames.STATE_SIZE).baseUnit("bytes")
                .description("Size of each key-state write (sum: state bytes written)").register(registry);
        keysCreated = Counter.builder(MetricNames.KEYS_CREATED).description("Keys seen for the first time")
                .register(registry);
        stateResets = Counter.builder(MetricNames.STATE_RESETS)
                .description("Key states that could not be decoded and restarted empty").register(registry);
        modelsInstalled = Counter.builder(MetricNames.MODELS_INSTALLED)
                .description("Model versions installed from the models topic").register(registry);
        for (ModelRejection reason : ModelRejection.values()) {
            modelsRejected.put(reason, Counter.builder(MetricNames.MODELS_REJECTED)
                    .tag(MetricNames.REASON_TAG, reason.tag())
                    .description("Records on the models topic that could not be used, by reason").register(registry));
        }
        Gauge.builder(MetricNames.MODEL_VERSION, this, StreamMetrics::modelVersion).strongReference(true)
                .description("Version of the model in use on this instance (-1: none known)").register(registry);
        Gauge.builder(MetricNames.KEYS_TRACKED, keysTracked, k -> k.get().getAsDouble()).strongReference(true)
                .description("Keys in this instance's active state stores (estimate)").register(registry);
        processing = Timer.builder(MetricNames.EVENT_PROCESSING)
                .description("Processing time of one input record, parse to forward")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        scored = new Counter[accuracy.horizon()];
        for (int h = 1; h <= accuracy.horizon(); h++) {
            registerHorizon(registry, h);
        }
    }

    private void registerHorizon(MeterRegistry registry, int h) {
        Tags tags = Tags.of(MetricNames.HORIZON_TAG, Integer.toString(h));
        scored[h - 1] = Counter.builder(MetricNames.FORECASTS_SCORED).tags(tags)
                .description("Forecasts scored against their actual, by step").register(registry);
        gauge(registry, MetricNames.FORECAST_MAE, null, "Mean absolute error over the window", h,
                AccuracyWindow.Stats::mae);
        gauge(registry, MetricNames.FORECAST_RMSE, null, "Root mean squared error over the window", h,
                AccuracyWindow.Stats::rmse);
        gauge(registry, MetricNames.FORECAST_SMAPE, "ratio", "Symmetric MAPE (0..2) over the window", h,
                AccuracyWindow.Stats::smape);
        gauge(registry, MetricNames.FORECAST_MASE, "ratio", "MAE relative to the seasonal-naive MAE over the window",
                h, AccuracyWindow.Stats::mase);
        gauge(registry, MetricNames.INTERVAL_COVERAGE, "ratio", "Share of actuals inside the forecast interval", h,
                AccuracyWindow.Stats::coverage);
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description, int h,
            ToDoubleFunction<AccuracyWindow.Stats> stat) {
        Gauge.builder(name, accuracy, a -> stat.applyAsDouble(a.stats(h))).strongReference(true)
                .tag(MetricNames.HORIZON_TAG, Integer.toString(h)).baseUnit(unit).description(description)
                .register(registry);
    }

    /** Reports the version of {@code holder}'s current model, rather than only versions installed later. */
    public void trackModel(ModelHolder holder) {
        modelInUse.set(holder);
    }

    /**
     * Where the keys-tracked gauge reads from (NaN when the source cannot tell, e.g. while the
     * stores are not queryable); {@link StreamsBinding} sets it to the state stores' estimate.
     */
    public void trackKeys(DoubleSupplier source) {
        keysTracked.set(source);
    }

    /** The version of the model in use: the tracked holder's, else the newest installed, else -1. */
    public long modelVersion() {
        ModelHolder holder = modelInUse.get();
        return holder != null ? holder.current().version() : installedVersion.get();
    }

    public AccuracyWindow accuracy() {
        return accuracy;
    }

    public RecentForecasts recent() {
        return recent;
    }

    public ModelHistory models() {
        return models;
    }

    @Override
    public void eventIn() {
        eventsIn.increment();
    }

    @Override
    public void forecastOut() {
        forecastsOut.increment();
    }

    @Override
    public void deadLettered(String reason) {
        deadLetters.get(DeadLetterReasons.tagValue(reason)).increment();
    }

    @Override
    public void segmentOut() {
        segmentsOut.increment();
    }

    @Override
    public void stateWritten(int bytes) {
        stateSize.record(bytes);
    }

    @Override
    public void keyCreated() {
        keysCreated.increment();
    }

    @Override
    public void stateReset() {
        stateResets.increment();
    }

    @Override
    public void modelInstalled(long version) {
        modelsInstalled.increment();
        installedVersion.accumulateAndGet(version, Math::max);
        models.installed(version);
    }

    @Override
    public void modelRejected(ModelRejection reason) {
        modelsRejected.get(reason).increment();
    }

    @Override
    public void eventProcessed(long nanos) {
        processing.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void scored(int h, double actual, double forecast, double lower, double upper, double naive) {
        if (h >= 1 && h <= scored.length) {
            scored[h - 1].increment();
            accuracy.scored(h, actual, forecast, lower, upper, naive);
        }
    }

    @Override
    public void forecastMade(Observation observation, Forecast forecast) {
        recent.add(observation, forecast);
    }

    private static Duration micros(long n) {
        return Duration.ofNanos(n * 1000);
    }

    private static Duration millis(long n) {
        return Duration.ofMillis(n);
    }
}
