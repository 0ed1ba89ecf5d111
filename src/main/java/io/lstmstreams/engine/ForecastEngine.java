package io.lstmstreams.engine;

import io.lstmstreams.cell.NetworkStepper;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.Segment;

/**
 * The per-event core: (key state, observation) → (new state, forecast, optional training segment).
 * Stream processors and the backtest call it unchanged. Per event it checks order, scores the
 * forecasts that targeted this event, updates the normaliser, re-warms the key if the model
 * changed, steps the cell, forecasts the horizon with calibrated intervals and, every k1 events,
 * cuts a segment whose targets are all known (each key at its own offset in the k1 cycle).
 *
 * <p>Not thread-safe: one engine per stream thread (it owns the kernel's scratch buffers). The
 * model it reads is shared through a {@link ModelHolder}.
 */
public final class ForecastEngine {
    /** Steps replayed from the window to warm a key's state under a new model. */
    static final int REWARM_STEPS = 96;
    private static final double STEP_SMOOTHING = 0.1;
    private static final double BLEND_BOUND = 20.0;

    private final EngineConfig config;
    private final ModelHolder models;
    private final ScoreListener scores;
    private final FeatureEncoder encoder;
    private final int horizon;
    private final float[] input;
    private final float[] output;
    private final double[] point;
    private final double[] lower;
    private final double[] upper;
    private final double[] correction;
    private ForecastModel stepperModel;
    private NetworkStepper stepper;

    public ForecastEngine(EngineConfig config, ModelHolder models) {
        this(config, models, ScoreListener.NONE);
    }

    /**
     * @param scores told of every forecast scored against its actual (for metrics); it does not
     *     change what the engine computes
     */
    public ForecastEngine(EngineConfig config, ModelHolder models, ScoreListener scores) {
        this.config = config;
        this.models = models;
        this.scores = scores;
        this.encoder = new FeatureEncoder(config);
        this.horizon = config.horizon();
        this.input = new float[config.inputSize()];
        this.output = new float[horizon];
        this.point = new double[horizon];
        this.lower = new double[horizon];
        this.upper = new double[horizon];
        this.correction = new double[horizon];
        checkShape(models.current());
    }

    public EngineConfig config() {
        return config;
    }

    /** A fresh state for a key seen for the first time. */
    public SeriesState newState() {
        ForecastModel model = models.current();
        return SeriesState.initial(config, model.network().stateSize(), model.version());
    }

    /**
     * Processes one observation of a key; {@code state} (null for a new key) is updated in place
     * and returned in the result.
     */
    public StepResult process(SeriesState state, Observation obs) {
        SeriesState s = state == null ? newState() : state;
        if (obs.valueCount() != 1) {
            return StepResult.rejected(s, StepResult.WRONG_ARITY, "expected 1 value, got " + obs.valueCount());
        }
        if (s.eventCount > 0 && obs.timestamp() <= s.lastTimestamp) {
            boolean duplicate = obs.timestamp() == s.lastTimestamp;
            return StepResult.rejected(s, duplicate ? StepResult.DUPLICATE : StepResult.OUT_OF_ORDER,
                    "timestamp " + obs.timestamp() + (duplicate ? " equals" : " is before")
                            + " the key's last accepted " + s.lastTimestamp);
        }
        ForecastModel model = models.current();
        NetworkStepper step = stepperFor(model);
        double y = obs.value();
        scorePending(s, y);
        s.normaliser.update(y);
        updateTypicalStep(s, obs.timestamp());
        s.window.add(obs.timestamp(), FloatRange.saturate(y));
        s.lastTimestamp = obs.timestamp();
        long index = s.eventCount++;
        if (s.modelVersion != model.version()) {
            rewarm(s, model, step);
        }
        int phase = segmentPhase(obs.seriesId(), config.segmentEvery());
        if (config.segmentStart() == SegmentStart.STATE
                && (index + horizon + config.segmentLength() + phase) % config.segmentEvery() == 0) {
            s.snapshots.save(index, model.version(), s.cellState);
        }
        int current = s.window.size() - 1;
        encoder.encode(s.window, current, s.normaliser, s.typicalStep, input);
        step.step(s.cellState, input, output);
        encoder.forecasts(s.window, current, s.normaliser, output, point);
        Forecast forecast = buildForecast(s, obs, model.version());
        Segment segment = (s.eventCount + phase) % config.segmentEvery() == 0
                ? cutSegment(s, obs.seriesId(), model) : null;
        return StepResult.forecast(s, forecast, segment);
    }

    /**
     * Where in its k1 cycle a key cuts segments: a fixed offset from the series id's hash, so that
     * keys fed in lockstep (meters read every 30 minutes, a replay) do not all cut, encode and send
     * a segment on the same event and stall the stream thread for that one step.
     */
    public static int segmentPhase(String seriesId, int segmentEvery) {
        return Math.floorMod(seriesId.hashCode(), segmentEvery);
    }

    private NetworkStepper stepperFor(ForecastModel model) {
        if (model != stepperModel) {
            checkShape(model);
            stepper = model.network().newStepper();
            stepperModel = model;
        }
        return stepper;
    }

    private void checkShape(ForecastModel model) {
        if (model.network().inputSize() != config.inputSize() || model.network().outputSize() != horizon) {
            throw new IllegalArgumentException("model v" + model.version() + " has input " + model.network().inputSize()
                    + " and output " + model.network().outputSize() + ", the engine needs " + config.inputSize()
                    + " and " + horizon);
        }
    }

    /** Scores, against the new actual, every pending forecast that targeted this event. */
    private void scorePending(SeriesState s, double actual) {
        double scale = s.normaliser.scale();
        int seen = s.window.size();
        int season = config.seasonSteps();
        for (int age = 1; age <= s.pending.size(); age++) {
            double f = s.pending.value(age, age);
            double origin = s.window.value(seen - age);
            double naive = season > 0 && seen - season >= 0 ? s.window.value(seen - season) : origin;
            double lo = s.pending.lower(age, age);
            double hi = s.pending.upper(age, age);
            s.accuracy.record(age, actual, f, lo, hi, naive);
            s.calibrator.observe(age, (actual - f) / scale);
            s.blend.observe(age, bounded(s.pending.correction(age, age) / scale), bounded((actual - origin) / scale));
            scores.scored(age, actual, f, lo, hi, naive);
        }
    }

    /** Normalised amounts fed to the blend, bounded so one extreme value cannot dominate it. */
    private static double bounded(double z) {
        return Math.max(-BLEND_BOUND, Math.min(BLEND_BOUND, z));
    }

    private static void updateTypicalStep(SeriesState s, long ts) {
        if (s.eventCount == 0) {
            return;
        }
        long delta = ts - s.lastTimestamp;
        if (s.typicalStep <= 0) {
            s.typicalStep = delta;
            return;
        }
        double bounded = Math.max(s.typicalStep / 4.0, Math.min(s.typicalStep * 4.0, delta));
        s.typicalStep = Math.max(1L, Math.round(s.typicalStep + STEP_SMOOTHING * (bounded - s.typicalStep)));
    }

    /** Rebuilds the key's state under a new model from its window, so it does not restart from zeros. */
    private void rewarm(SeriesState s, ForecastModel model, NetworkStepper step) {
        if (s.cellState.length != model.network().stateSize()) {
            s.cellState = new float[model.network().stateSize()];
        } else {
            java.util.Arrays.fill(s.cellState, 0f);
        }
        int last = s.window.size() - 1;
        for (int i = Math.max(0, last - REWARM_STEPS); i < last; i++) {
            encoder.encode(s.window, i, s.normaliser, s.typicalStep, input);
            step.advance(s.cellState, input);
        }
        s.modelVersion = model.version();
    }

    private Forecast buildForecast(SeriesState s, Observation obs, long version) {
        double scale = s.normaliser.scale();
        long[] targets = new long[horizon];
        double currentValue = obs.value();
        for (int h = 1; h <= horizon; h++) {
            double model = s.normaliser.denormalise(point[h - 1]);
            correction[h - 1] = model - currentValue;
            double v = currentValue + s.blend.weight(h) * correction[h - 1];
            point[h - 1] = v;
            lower[h - 1] = v - s.calibrator.lowerOffset(h) * scale;
            upper[h - 1] = v + s.calibrator.upperOffset(h) * scale;
            targets[h - 1] = obs.timestamp() + h * s.typicalStep;
        }
        s.pending.push(point, lower, upper, correction);
        return new Forecast(obs.seriesId(), obs.timestamp(), version, targets, point, lower, upper);
    }

    /**
     * The segment ending {@code horizon} steps before the newest event (so every target is known),
     * spanning k2 steps plus the burn-in prefix when configured; null if the window is too short.
     */
    private Segment cutSegment(SeriesState s, String seriesId, ForecastModel model) {
        int steps = config.segmentSteps();
        int end = s.window.size() - 1 - horizon;
        int first = end - steps + 1;
        if (first < 0) {
            return null;
        }
        float[] initial = null;
        if (config.segmentStart() == SegmentStart.STATE) {
            long firstIndex = s.eventCount - 1 - horizon - steps + 1;
            initial = s.snapshots.find(firstIndex, model.version());
            if (initial != null) {
                initial = initial.clone();
            }
        }
        float[][] x = new float[steps][config.inputSize()];
        float[][] y = new float[steps][horizon];
        for (int i = 0; i < steps; i++) {
            encoder.encode(s.window, first + i, s.normaliser, s.typicalStep, x[i]);
            encoder.targets(s.window, first + i, s.normaliser, y[i]);
        }
        int lossFrom = config.segmentStart() == SegmentStart.BURN_IN ? config.burnIn() : 0;
        return new Segment(seriesId, x, y, lossFrom, initial);
    }
}
