package io.lstmstreams.training;

import io.lstmstreams.config.EngineConfig;
import java.time.Instant;

/**
 * Version 0: the untrained network {@link NetworkFactory} builds from the configured seed. It is never
 * published: every instance builds the same weights from the same seed, forecasts with them until a
 * trained model arrives on the models topic, and the trainer starts from them when that topic is empty.
 */
public final class InitialModel {
    private InitialModel() {
    }

    /** The seed-initialised artefact (DL4J builds the network once, here). */
    public static ModelArtefact of(EngineConfig config) {
        float[] params = NetworkFactory.create(config).params().toFloatVector();
        return ModelArtefact.of(config, 0, Instant.EPOCH, params, Double.NaN, Double.NaN);
    }
}
