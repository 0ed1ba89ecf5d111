package io.lstmstreams.stream;

import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.training.ModelFormatException;

/**
 * Turns the bytes of a record on the models topic into a model the engine can run. The artefact
 * format lives with the trainer; the stream only needs this one call.
 */
@FunctionalInterface
public interface ModelDecoder {

    /**
     * @param artefact the record value, never null (tombstones are not passed in)
     * @return the model, never null
     * @throws ModelFormatException when the bytes are not a usable artefact, saying why (the caller
     *     counts it by {@link ModelFormatException#reason()} and logs it); any other exception is
     *     counted as {@link ModelRejection#OTHER}
     */
    ForecastModel decode(byte[] artefact);
}
