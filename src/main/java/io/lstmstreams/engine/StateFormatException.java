package io.lstmstreams.engine;

/** A stored key state that cannot be decoded: truncated, corrupt, or of an unknown format. */
public final class StateFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateFormatException(String message) {
        super(message);
    }
}
