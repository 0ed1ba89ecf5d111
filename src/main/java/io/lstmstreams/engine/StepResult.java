package io.lstmstreams.engine;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.training.Segment;

/**
 * What one event produced: the key's updated state, and either a forecast (plus a training
 * segment every k1 events) or a rejection with a short reason code and a human detail.
 */
public record StepResult(SeriesState state, Forecast forecast, Segment segment, String rejection, String detail) {
    public static final String DUPLICATE = "duplicate";
    public static final String OUT_OF_ORDER = "out_of_order";
    public static final String WRONG_ARITY = "wrong_value_count";

    static StepResult forecast(SeriesState state, Forecast forecast, Segment segment) {
        return new StepResult(state, forecast, segment, null, null);
    }

    static StepResult rejected(SeriesState state, String reason, String detail) {
        return new StepResult(state, null, null, reason, detail);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}
