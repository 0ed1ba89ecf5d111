package io.lstmstreams.stream;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.ModelFormatException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The production {@link ModelDecoder}: models-topic bytes → {@link ModelArtefactCodec} → a shape
 * check against this instance's {@link EngineConfig} → the plain-Java kernel. Whatever is wrong
 * with the bytes (truncated, corrupt, another format, non-finite weights, a shape this engine
 * cannot run) is a {@link ModelFormatException} with its reason: the models processor counts and
 * logs it once and keeps the current model. Stateless and thread-safe.
 */
public final class ArtefactModelDecoder implements ModelDecoder {
    private final EngineConfig config;
    private final Consumer<ModelArtefact> seen;

    public ArtefactModelDecoder(EngineConfig config) {
        this(config, artefact -> { });
    }

    /**
     * @param seen told of every artefact that decodes and fits (e.g. a model history keeping its
     *     creation time and losses); called on the thread that reads the models topic, before the
     *     model is installed, so it must be quick and must not throw
     */
    public ArtefactModelDecoder(EngineConfig config, Consumer<ModelArtefact> seen) {
        this.config = Objects.requireNonNull(config, "config");
        this.seen = Objects.requireNonNull(seen, "seen");
    }

    @Override
    public ForecastModel decode(byte[] artefact) {
        ModelArtefact decoded = ModelArtefactCodec.decode(artefact, config);
        ForecastModel model = toModel(config, decoded);
        seen.accept(decoded);
        return model;
    }

    /**
     * The engine's model for an artefact that fits {@code config}.
     *
     * @throws ModelFormatException if it does not fit
     */
    public static ForecastModel toModel(EngineConfig config, ModelArtefact artefact) {
        artefact.requireFits(config);
        return new ForecastModel(artefact.version(), KernelExport.fromFlatParams(config, artefact.params()));
    }
}
