package io.lstmstreams.metrics;

import io.lstmstreams.training.Retrainer;
import io.lstmstreams.training.TrainingOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The retrainer's meters, read from a {@link Retrainer} at scrape time: runs, verdicts (accepted,
 * rejected by reason), and the last run's duration and losses. Nothing is pushed, so the retrainer
 * needs no listener and its code no metrics; the meters exist from the start and read NaN (or 0)
 * until a retrainer is bound.
 *
 * <p>Bind one retrainer per process: the counters read its totals, so replacing it with another
 * would make them go backwards (Prometheus takes that for a restart, harmlessly, but once).
 */
public final class RetrainerMetrics {
    /** Tag of the rejected counter: why a challenger was not published. */
    public static final String REASON_TAG = "reason";
    /** Tag of the validation-loss gauge: which model the loss is of. */
    public static final String MODEL_TAG = "model";

    private final AtomicReference<Retrainer> bound = new AtomicReference<>();

    public RetrainerMetrics(MeterRegistry registry) {
        FunctionCounter.builder(MetricNames.RETRAIN_RUNS, bound, b -> read(b, r -> r.runs(), 0))
                .description("Completed retrainings").register(registry);
        FunctionCounter.builder(MetricNames.RETRAIN_ACCEPTED, bound, b -> read(b, r -> r.judge().accepted(), 0))
                .description("Challengers published as the new model").register(registry);
        FunctionCounter.builder(MetricNames.RETRAIN_REJECTED, bound, b -> read(b, r -> r.judge().rejectedDiverged(), 0))
                .tag(REASON_TAG, "diverged").description("Challengers not published, by reason").register(registry);
        FunctionCounter.builder(MetricNames.RETRAIN_REJECTED, bound,
                b -> read(b, r -> r.judge().rejectedNotBetter(), 0))
                .tag(REASON_TAG, "not_better").description("Challengers not published, by reason").register(registry);
        Gauge.builder(MetricNames.RETRAIN_LAST_DURATION, bound,
                b -> outcome(b, o -> o.duration().toNanos() / 1e9)).baseUnit("seconds")
                .description("Wall time of the last retraining").register(registry);
        Gauge.builder(MetricNames.RETRAIN_LAST_TRAINING_LOSS, bound,
                b -> outcome(b, TrainingOutcome::finalTrainingLoss))
                .description("Last epoch's training loss of the last retraining (normalised MSE)").register(registry);
        Gauge.builder(MetricNames.RETRAIN_LAST_VALIDATION_LOSS, bound,
                b -> outcome(b, TrainingOutcome::challengerLoss)).tag(MODEL_TAG, "challenger")
                .description("Held-out loss of the last retraining's models (normalised MSE)").register(registry);
        Gauge.builder(MetricNames.RETRAIN_LAST_VALIDATION_LOSS, bound,
                b -> outcome(b, TrainingOutcome::championLoss)).tag(MODEL_TAG, "champion")
                .description("Held-out loss of the last retraining's models (normalised MSE)").register(registry);
        Gauge.builder(MetricNames.RETRAIN_REPLAY_SEGMENTS, bound, b -> read(b, r -> r.buffer().size(), Double.NaN))
                .description("Segments in the replay buffer").register(registry);
    }

    /** Reads {@code retrainer} from now on. */
    public void bind(Retrainer retrainer) {
        bound.set(retrainer);
    }

    /** The bound retrainer, or null. */
    public Retrainer retrainer() {
        return bound.get();
    }

    private static double read(AtomicReference<Retrainer> bound, ToDoubleFunction<Retrainer> f, double none) {
        Retrainer r = bound.get();
        return r == null ? none : f.applyAsDouble(r);
    }

    private static double outcome(AtomicReference<Retrainer> bound, ToDoubleFunction<TrainingOutcome> f) {
        Retrainer r = bound.get();
        TrainingOutcome o = r == null ? null : r.lastOutcome();
        return o == null ? Double.NaN : f.applyAsDouble(o);
    }
}
