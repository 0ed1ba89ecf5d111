package io.lstmstreams.stream;

import io.lstmstreams.training.ModelFormatException;
import java.util.Locale;

/**
 * Why a record on the models topic was not installed: the closed set of values of the rejection
 * metric's {@code reason} tag, so that the number of its time series stays fixed whatever arrives.
 */
public enum ModelRejection {
    /** Fewer bytes than the artefact's header says. */
    TRUNCATED,
    /** A checksum mismatch, or checked content that cannot be a model. */
    CORRUPT,
    /** Not a model artefact, or a format version this build does not read. */
    UNKNOWN_FORMAT,
    /** A model of a shape (cell, layers, input width, horizon) that this engine cannot run. */
    WRONG_SHAPE,
    /** A NaN or infinite weight. */
    NON_FINITE,
    /** A record without a key (a model name). */
    NO_KEY,
    /** The decoder failed in some other way. */
    OTHER;

    /** The tag value: the name in lower case, e.g. {@code wrong_shape}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The rejection for what the codec found. */
    public static ModelRejection of(ModelFormatException e) {
        return switch (e.reason()) {
            case TRUNCATED -> TRUNCATED;
            case CORRUPT -> CORRUPT;
            case UNKNOWN_FORMAT -> UNKNOWN_FORMAT;
            case WRONG_SHAPE -> WRONG_SHAPE;
            case NON_FINITE -> NON_FINITE;
        };
    }
}
