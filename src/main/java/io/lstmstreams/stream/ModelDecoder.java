package io.lstmstreams.stream;

import io.lstmstreams.engine.ForecastModel;
import java.util.Optional;

/**
 * Turns the bytes of a record on the models topic into a model the engine can run. The artefact
 * format lives with the trainer; the stream only needs this one call.
 */
@FunctionalInterface
public interface ModelDecoder {

    /**
     * @param artefact the record value, never null (tombstones are not passed in)
     * @return the model, or empty when the bytes are not a usable artefact (the caller counts and
     *     logs it); should not throw, though a thrown exception is treated like empty
     */
    Optional<ForecastModel> decode(byte[] artefact);
}
