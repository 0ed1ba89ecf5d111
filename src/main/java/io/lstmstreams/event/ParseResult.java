package io.lstmstreams.event;

/**
 * What {@link ObservationParser} made of one record: an {@link Accepted} observation or a
 * {@link Rejection} that says why not.
 */
public sealed interface ParseResult permits ParseResult.Accepted, Rejection {

    /** True for an accepted observation. */
    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The observation; throws for a rejection ({@link Accepted} overrides this). */
    default Observation observation() {
        throw new IllegalStateException("rejected: " + this);
    }

    /** The rejection; throws for an accepted observation. */
    default Rejection rejection() {
        if (this instanceof Rejection rejection) {
            return rejection;
        }
        throw new IllegalStateException("accepted: " + this);
    }

    /** A valid observation: key present, value(s) finite, timestamp in range. */
    record Accepted(Observation observation) implements ParseResult {
    }
}
