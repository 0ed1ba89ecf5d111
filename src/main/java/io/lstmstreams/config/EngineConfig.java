package io.lstmstreams.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;

/**
 * Everything the forecasting engine needs: network shape, features, segmenting, training and
 * retraining schedule. Immutable; {@link #fromProperties} layers properties over
 * {@link #defaults()} and fails fast on the first bad key.
 *
 * @param horizon number of steps forecast at every event
 * @param cell recurrent cell of every layer
 * @param hiddenSizes hidden units per layer, bottom first
 * @param calendarFeatures add sin/cos of time of day and day of week to the input
 * @param elapsedFeature add the (log-scaled) time since the previous event to the input
 * @param seasonSteps season length in steps: lag inputs and the seasonal-naive baseline; 0 = none
 * @param seasonalLagFeatures add the values one season before each forecast target to the input
 * @param windowSize observations kept per key (segments, lags and re-warming)
 * @param segmentEvery k1: a training segment is cut every k1 events of a key
 * @param segmentLength k2: steps a segment spans and backpropagates through
 * @param segmentStart how a segment's initial state is set
 * @param burnIn prefix steps used to warm the state when {@code segmentStart = BURN_IN}
 * @param tbpttLength DL4J truncated-BPTT length; never more than the segment's length
 * @param retrainEveryEvents retrain after this many events (all keys), 0 = never by count
 * @param retrainInterval retrain after this much wall time (live mode), zero = never by time
 * @param replayCapacity segments kept in the trainer's replay buffer
 * @param epochs passes over the replay buffer per retraining
 * @param batchSize segments per minibatch
 * @param learningRate Adam learning rate
 * @param validationSegments newest segments held out to compare challenger and champion
 * @param inputDropout dropout probability on the network's inputs, 0 = none
 * @param intervalCoverage nominal coverage of the forecast interval, e.g. 0.9
 * @param seed random seed for weight initialisation and training
 * @param target what the outputs forecast: future levels, or changes from the current value
 * @param blendRate per-key rate of the online shift blend (see {@code ShiftBlend}); 0 = model only
 * @param fusedLstm train LSTM layers with libnd4j's fused lstmLayer ops (about 3x faster, but
 *        1.0.0-M2.1's backward op leaks native memory on every call; see docs/memory.md)
 */
public record EngineConfig(
        int horizon,
        CellType cell,
        int[] hiddenSizes,
        boolean calendarFeatures,
        boolean elapsedFeature,
        int seasonSteps,
        boolean seasonalLagFeatures,
        int windowSize,
        int segmentEvery,
        int segmentLength,
        SegmentStart segmentStart,
        int burnIn,
        int tbpttLength,
        long retrainEveryEvents,
        Duration retrainInterval,
        int replayCapacity,
        int epochs,
        int batchSize,
        double learningRate,
        int validationSegments,
        double inputDropout,
        double intervalCoverage,
        long seed,
        TargetMode target,
        double blendRate,
        boolean fusedLstm) {

    public EngineConfig {
        hiddenSizes = hiddenSizes.clone();
        require("model.horizon", horizon, horizon >= 1 && horizon <= 1000, "must be in 1..1000");
        require("model.hidden", Arrays.toString(hiddenSizes), hiddenSizes.length >= 1
                && Arrays.stream(hiddenSizes).allMatch(h -> h >= 1 && h <= 4096), "1..4096 per layer");
        require("features.season.steps", seasonSteps, seasonSteps >= 0, "must be >= 0");
        require("segment.every", segmentEvery, segmentEvery >= 1, "must be >= 1");
        require("segment.length", segmentLength, segmentLength >= 2, "must be >= 2");
        require("segment.burn-in", burnIn, burnIn >= 0, "must be >= 0");
        require("training.tbptt.length", tbpttLength,
                tbpttLength >= 1 && tbpttLength <= segmentLength, "must be in 1..segment.length");
        int needed = requiredWindow(horizon, seasonSteps, seasonalLagFeatures, segmentLength, segmentStart, burnIn);
        require("window.size", windowSize, windowSize >= needed, "must be >= " + needed
                + " (segment length + burn-in + horizon + season lag + 1)");
        require("training.retrain.every-events", retrainEveryEvents, retrainEveryEvents >= 0, "must be >= 0");
        require("training.retrain.interval", retrainInterval, !retrainInterval.isNegative(), "must be >= 0");
        require("training.replay.capacity", replayCapacity, replayCapacity >= 1, "must be >= 1");
        require("training.epochs", epochs, epochs >= 1, "must be >= 1");
        require("training.batch-size", batchSize, batchSize >= 1, "must be >= 1");
        require("training.learning-rate", learningRate, learningRate > 0 && learningRate < 1, "must be in (0, 1)");
        require("training.validation.segments", validationSegments, validationSegments >= 0, "must be >= 0");
        require("model.input-dropout", inputDropout, inputDropout >= 0 && inputDropout < 1, "must be in [0, 1)");
        require("forecast.blend.rate", blendRate, blendRate >= 0 && blendRate < 1, "must be in [0, 1)");
        require("forecast.interval.coverage", intervalCoverage, intervalCoverage > 0 && intervalCoverage < 1,
                "must be in (0, 1)");
    }

    /** Defaults tuned on the NYC taxi series (30-minute steps, weekly season). */
    public static EngineConfig defaults() {
        return new EngineConfig(5, CellType.LSTM, new int[] {32}, true, false, 336, false, 420,
                16, 48, SegmentStart.BURN_IN, 16, 48, 336, Duration.ZERO, 256, 3, 16, 0.005, 16,
                0.0, 0.9, 42L, TargetMode.CHANGE, 0.01, false);
    }

    /** Properties over the defaults; unknown keys are left to other components. */
    public static EngineConfig fromProperties(Properties p) {
        EngineConfig d = defaults();
        return new EngineConfig(
                intOf(p, "model.horizon", d.horizon),
                enumOf(p, "model.cell", CellType.class, d.cell),
                intsOf(p, "model.hidden", d.hiddenSizes),
                boolOf(p, "features.calendar", d.calendarFeatures),
                boolOf(p, "features.elapsed", d.elapsedFeature),
                intOf(p, "features.season.steps", d.seasonSteps),
                boolOf(p, "features.seasonal-lags", d.seasonalLagFeatures),
                intOf(p, "window.size", d.windowSize),
                intOf(p, "segment.every", d.segmentEvery),
                intOf(p, "segment.length", d.segmentLength),
                enumOf(p, "segment.start", SegmentStart.class, d.segmentStart),
                intOf(p, "segment.burn-in", d.burnIn),
                intOf(p, "training.tbptt.length", d.tbpttLength),
                longOf(p, "training.retrain.every-events", d.retrainEveryEvents),
                durationOf(p, "training.retrain.interval", d.retrainInterval),
                intOf(p, "training.replay.capacity", d.replayCapacity),
                intOf(p, "training.epochs", d.epochs),
                intOf(p, "training.batch-size", d.batchSize),
                doubleOf(p, "training.learning-rate", d.learningRate),
                intOf(p, "training.validation.segments", d.validationSegments),
                doubleOf(p, "model.input-dropout", d.inputDropout),
                doubleOf(p, "forecast.interval.coverage", d.intervalCoverage),
                longOf(p, "model.seed", d.seed),
                enumOf(p, "model.target", TargetMode.class, d.target),
                doubleOf(p, "forecast.blend.rate", d.blendRate),
                boolOf(p, "training.fused-lstm", d.fusedLstm));
    }

    /** Observations a key's window must hold for segments and seasonal lags. */
    public int requiredWindow() {
        return requiredWindow(horizon, seasonSteps, seasonalLagFeatures, segmentLength, segmentStart, burnIn);
    }

    private static int requiredWindow(int horizon, int seasonSteps, boolean seasonalLags, int segmentLength,
            SegmentStart start, int burnIn) {
        int lag = seasonalLags ? seasonSteps : 0;
        return segmentLength + (start == SegmentStart.BURN_IN ? burnIn : 0) + horizon + lag + 1;
    }

    /** Width of the network's input vector at each step. */
    public int inputSize() {
        return 1 + (calendarFeatures ? 4 : 0) + (elapsedFeature ? 1 : 0)
                + (seasonalLagFeatures && seasonSteps > 0 ? horizon : 0);
    }

    /** Steps a training segment holds, burn-in prefix included. */
    public int segmentSteps() {
        return segmentLength + (segmentStart == SegmentStart.BURN_IN ? burnIn : 0);
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EngineConfig c && toString().equals(c.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "EngineConfig[horizon=" + horizon + ", cell=" + cell + ", hidden=" + Arrays.toString(hiddenSizes)
                + ", calendar=" + calendarFeatures + ", elapsed=" + elapsedFeature + ", season=" + seasonSteps
                + ", seasonalLags=" + seasonalLagFeatures + ", window=" + windowSize + ", k1=" + segmentEvery
                + ", k2=" + segmentLength + ", start=" + segmentStart + ", burnIn=" + burnIn
                + ", tbptt=" + tbpttLength + ", retrainEvery=" + retrainEveryEvents
                + ", retrainInterval=" + retrainInterval + ", replay=" + replayCapacity + ", epochs=" + epochs
                + ", batch=" + batchSize + ", lr=" + learningRate + ", validation=" + validationSegments
                + ", inputDropout=" + inputDropout + ", coverage=" + intervalCoverage + ", seed=" + seed
                + ", target=" + target + ", blendRate=" + blendRate + ", fusedLstm=" + fusedLstm + "]";
    }

    private static void require(String key, Object value, boolean ok, String why) {
        if (!ok) {
            throw new ConfigException(key, value, why);
        }
    }

    private static String raw(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : v.trim();
    }

    static int intOf(Properties p, String key, int def) {
        String v = raw(p, key);
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "not an integer");
        }
    }

    static long longOf(Properties p, String key, long def) {
        String v = raw(p, key);
        try {
            return v == null ? def : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "not an integer");
        }
    }

    static double doubleOf(Properties p, String key, double def) {
        String v = raw(p, key);
        try {
            double d = v == null ? def : Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new ConfigException(key, v, "not a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "not a number");
        }
    }

    static boolean boolOf(Properties p, String key, boolean def) {
        String v = raw(p, key);
        if (v == null) {
            return def;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new ConfigException(key, v, "not true or false");
    }

    static int[] intsOf(Properties p, String key, int[] def) {
        String v = raw(p, key);
        if (v == null) {
            return def;
        }
        try {
            return Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new ConfigException(key, v, "not a comma-separated list of integers");
        }
    }

    static <E extends Enum<E>> E enumOf(Properties p, String key, Class<E> type, E def) {
        String v = raw(p, key);
        if (v == null) {
            return def;
        }
        try {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, v, "one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    static Duration durationOf(Properties p, String key, Duration def) {
        String v = raw(p, key);
        try {
            return v == null ? def : Duration.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(key, v, "not an ISO-8601 duration such as PT10M");
        }
    }
}
