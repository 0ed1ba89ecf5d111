package io.lstmstreams.stream;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.ModelFormatException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link ModelDecoder}: models-topic bytes → {@link ModelArtefactCodec} → a shape
 * check against this instance's {@link EngineConfig} → the plain-Java kernel. Whatever is wrong
 * with the bytes (truncated, corrupt, another format, non-finite weights, a shape this engine
 * cannot run) gives {@link Optional#empty()}: the models processor counts and logs it once and
 * keeps the current model. Stateless and thread-safe.
 */
public final class ArtefactModelDecoder implements ModelDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ArtefactModelDecoder.class);

    private final EngineConfig config;

    public ArtefactModelDecoder(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public Optional<ForecastModel> decode(byte[] artefact) {
        try {
            return Optional.of(toModel(config, ModelArtefactCodec.decode(artefact, config)));
        } catch (ModelFormatException | IllegalArgumentException e) {
            // the caller logs the rejection once, without a reason (the interface returns none): keep it here
            LOG.debug("model artefact of {} bytes rejected: {}", artefact == null ? 0 : artefact.length,
                    e.getMessage());
            return Optional.empty();
        }
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
