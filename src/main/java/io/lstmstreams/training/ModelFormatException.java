package io.lstmstreams.training;

import java.util.Objects;

/**
 * Bytes that are not a usable model artefact: truncated, corrupt, of another format, of another
 * shape, or with non-finite weights; {@link #reason()} says which.
 */
public final class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bytes, as far as the codec can tell. */
    public enum Reason {
        /** Fewer bytes than the header says (or than any artefact has). */
        TRUNCATED,
        /** The checksum does not match, or the checked content cannot be a model. */
        CORRUPT,
        /** Not an artefact at all, or a format version this build does not read. */
        UNKNOWN_FORMAT,
        /** A well-formed model of a shape this engine cannot run. */
        WRONG_SHAPE,
        /** A NaN or infinite weight. */
        NON_FINITE
    }

    private final Reason reason;

    public ModelFormatException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
