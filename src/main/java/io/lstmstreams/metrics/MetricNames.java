package io.lstmstreams.metrics;

import java.util.List;

/**
 * The application's own meter names, in Micrometer's dotted form, with the name each one has in a
 * Prometheus scrape. One list, so that the dashboard test and the check script can ask whether a
 * name in a query is one the application emits. Kafka Streams' ({@code kafka_*}) and the JVM's
 * ({@code jvm_*}, {@code process_*}, {@code system_*}) names come from Micrometer's binders.
 */
public final class MetricNames {
    /** Tag of per-horizon meters: the forecast step, "1".."H". Bounded by the configured horizon. */
    public static final String HORIZON_TAG = "horizon";
    /**
     * Tag of the dead-letter counter, one of {@link DeadLetterReasons#all()}, and of the model
     * rejection counter, one of {@link io.lstmstreams.stream.ModelRejection}'s tags.
     */
    public static final String REASON_TAG = "reason";

    public static final String EVENTS_IN = "lstm.events.in";
    public static final String FORECASTS_OUT = "lstm.forecasts.out";
    public static final String DEAD_LETTERS = "lstm.dead.letters";
    public static final String SEGMENTS_OUT = "lstm.segments.out";
    /** Size of each key-state write; its sum is the state bytes written. */
    public static final String STATE_SIZE = "lstm.state.size";
    /** Keys seen for the first time ("created" would clash with the reserved {@code _created} suffix). */
    public static final String KEYS_CREATED = "lstm.keys.added";
    public static final String KEYS_TRACKED = "lstm.keys.tracked";
    public static final String STATE_RESETS = "lstm.state.resets";
    public static final String MODEL_VERSION = "lstm.model.version";
    public static final String MODELS_INSTALLED = "lstm.models.installed";
    public static final String MODELS_REJECTED = "lstm.models.rejected";
    public static final String EVENT_PROCESSING = "lstm.event.processing";

    public static final String FORECASTS_SCORED = "lstm.forecast.scored";
    public static final String FORECAST_MAE = "lstm.forecast.mae";
    public static final String FORECAST_RMSE = "lstm.forecast.rmse";
    public static final String FORECAST_SMAPE = "lstm.forecast.smape";
    public static final String FORECAST_MASE = "lstm.forecast.mase";
    public static final String INTERVAL_COVERAGE = "lstm.forecast.interval.coverage";

    public static final String RETRAIN_RUNS = "lstm.retrain.runs";
    public static final String RETRAIN_ACCEPTED = "lstm.retrain.accepted";
    public static final String RETRAIN_REJECTED = "lstm.retrain.rejected";
    public static final String RETRAIN_LAST_DURATION = "lstm.retrain.last.duration";
    public static final String RETRAIN_LAST_TRAINING_LOSS = "lstm.retrain.last.training.loss";
    public static final String RETRAIN_LAST_VALIDATION_LOSS = "lstm.retrain.last.validation.loss";
    public static final String RETRAIN_REPLAY_SEGMENTS = "lstm.retrain.replay.segments";

    /**
     * Every series name the application's own meters put in a Prometheus scrape (histogram and
     * summary parts included), for documentation and tests.
     */
    public static final List<String> PROMETHEUS_NAMES = List.of(
            "lstm_events_in_total",
            "lstm_forecasts_out_total",
            "lstm_dead_letters_total",
            "lstm_segments_out_total",
            "lstm_state_size_bytes_count",
            "lstm_state_size_bytes_sum",
            "lstm_state_size_bytes_max",
            "lstm_keys_added_total",
            "lstm_keys_tracked",
            "lstm_state_resets_total",
            "lstm_model_version",
            "lstm_models_installed_total",
            "lstm_models_rejected_total",
            "lstm_event_processing_seconds_bucket",
            "lstm_event_processing_seconds_count",
            "lstm_event_processing_seconds_sum",
            "lstm_event_processing_seconds_max",
            "lstm_forecast_scored_total",
            "lstm_forecast_mae",
            "lstm_forecast_rmse",
            "lstm_forecast_smape_ratio",
            "lstm_forecast_mase_ratio",
            "lstm_forecast_interval_coverage_ratio",
            "lstm_retrain_runs_total",
            "lstm_retrain_accepted_total",
            "lstm_retrain_rejected_total",
            "lstm_retrain_last_duration_seconds",
            "lstm_retrain_last_training_loss",
            "lstm_retrain_last_validation_loss",
            "lstm_retrain_replay_segments");

    private MetricNames() {
    }
}
