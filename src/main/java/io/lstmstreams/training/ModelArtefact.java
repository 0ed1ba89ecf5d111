package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A published model: flat DL4J parameters ({@code net.params()} layout) plus the network shape they
 * fit, so that an instance configured differently refuses it instead of running garbage. Normalisation
 * is per key (running scale in the key's state), so no normaliser travels with the weights.
 *
 * @param version increases by one per accepted model; 0 is the untrained initial model
 * @param createdAt when training finished
 * @param cell recurrent cell of every layer
 * @param hiddenSizes hidden units per layer, bottom first
 * @param inputSize network input width
 * @param horizon outputs per step
 * @param params flat parameters, all finite
 * @param validationLoss loss on the held-out segments that selected it (NaN if none)
 * @param trainingLoss last epoch's training loss (NaN if none)
 */
public record ModelArtefact(long version, Instant createdAt, CellType cell, int[] hiddenSizes, int inputSize,
        int horizon, float[] params, double validationLoss, double trainingLoss) {

    public ModelArtefact {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(cell, "cell");
        hiddenSizes = hiddenSizes.clone();
        params = params.clone();
        if (version < 0) {
            throw new IllegalArgumentException("negative version " + version);
        }
        long expected = parameterCount(cell, hiddenSizes, inputSize, horizon);
        if (params.length != expected) {
            throw new IllegalArgumentException("shape " + describe(cell, hiddenSizes, inputSize, horizon) + " needs "
                    + expected + " parameters, got " + params.length);
        }
        if (!TbpttTrainer.allFinite(params)) {
            throw new IllegalArgumentException("non-finite weights");
        }
    }

    /** An artefact shaped by {@code config}. */
    public static ModelArtefact of(EngineConfig config, long version, Instant createdAt, float[] params,
            double validationLoss, double trainingLoss) {
        return new ModelArtefact(version, createdAt, config.cell(), config.hiddenSizes(), config.inputSize(),
                config.horizon(), params, validationLoss, trainingLoss);
    }

    /** Flat parameter count of DL4J's LSTM / SimpleRnn stack with a dense head. */
    public static long parameterCount(CellType cell, int[] hiddenSizes, int inputSize, int horizon) {
        int gates = cell == CellType.LSTM ? 4 : 1;
        long count = 0;
        int in = inputSize;
        for (int h : hiddenSizes) {
            count += (long) in * gates * h + (long) h * gates * h + (long) gates * h;
            in = h;
        }
        return count + (long) in * horizon + horizon;
    }

    /** Whether an engine configured as {@code config} can run these weights. */
    public boolean fits(EngineConfig config) {
        return cell == config.cell() && Arrays.equals(hiddenSizes, config.hiddenSizes())
                && inputSize == config.inputSize() && horizon == config.horizon();
    }

    /** Throws a {@link ModelFormatException} naming both shapes unless {@link #fits}. */
    public ModelArtefact requireFits(EngineConfig config) {
        if (!fits(config)) {
            throw new ModelFormatException(ModelFormatException.Reason.WRONG_SHAPE, "model version " + version + " has shape "
                    + describe(cell, hiddenSizes, inputSize, horizon) + ", this engine needs "
                    + describe(config.cell(), config.hiddenSizes(), config.inputSize(), config.horizon()));
        }
        return this;
    }

    static String describe(CellType cell, int[] hidden, int inputSize, int horizon) {
        return cell + Arrays.toString(hidden) + " in=" + inputSize + " horizon=" + horizon;
    }

    @Override
    public int[] hiddenSizes() {
        return hiddenSizes.clone();
    }

    @Override
    public float[] params() {
        return params.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArtefact m && version == m.version && createdAt.equals(m.createdAt)
                && cell == m.cell && Arrays.equals(hiddenSizes, m.hiddenSizes) && inputSize == m.inputSize
                && horizon == m.horizon && Arrays.equals(params, m.params)
                && Double.compare(validationLoss, m.validationLoss) == 0
                && Double.compare(trainingLoss, m.trainingLoss) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, createdAt, cell, Arrays.hashCode(hiddenSizes), inputSize, horizon,
                Arrays.hashCode(params));
    }

    @Override
    public String toString() {
        return "ModelArtefact[v" + version + " " + describe(cell, hiddenSizes, inputSize, horizon) + " "
                + params.length + " params, validation=" + validationLoss + ", training=" + trainingLoss
                + ", created " + createdAt + "]";
    }
}
