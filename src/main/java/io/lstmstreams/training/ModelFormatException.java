package io.lstmstreams.training;

/** Bytes that are not a usable model artefact: truncated, corrupt, of another format, or of another shape. */
public final class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
