package io.lstmstreams.stream;

import io.lstmstreams.engine.ScoreListener;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;

/**
 * What the stream counts, as events happen. The processors call it on the stream threads and the
 * global thread, so implementations must be thread-safe and cheap. Low cardinality on purpose:
 * nothing here is per key; a DLQ reason is one of a fixed set of wire codes.
 *
 * <p>{@link InMemoryStreamCounters} keeps plain totals; a metrics registry can implement this
 * interface (or read those totals) without the stream code knowing about it.
 *
 * <p>Three hooks carry values rather than counts: {@link #eventProcessed} (latency),
 * {@link #scored} (each forecast scored against its actual, passed to the engines as their
 * {@link ScoreListener}) and {@link #forecastMade} (the forecast with the observation it was made
 * at, for a bounded recent-history view). Every method defaults to doing nothing, so an
 * implementation overrides only what it records. Like every method here they may see an event that is later retried (a
 * failed commit under exactly-once): metrics are at-least-once, the outputs are not.
 */
public interface StreamCounters extends ScoreListener {

    /** One input record arrived on the events topic, good or bad. */
    default void eventIn() {
    }

    /** One forecast was emitted. */
    default void forecastOut() {
    }

    /** One input record went to the dead-letter topic, for {@code reason} (a wire code). */
    default void deadLettered(String reason) {
    }

    /** One training segment was emitted. */
    default void segmentOut() {
    }

    /** A key's state was written to the store, {@code bytes} long. */
    default void stateWritten(int bytes) {
    }

    /** A key was seen for the first time (its first accepted event). */
    default void keyCreated() {
    }

    /** A stored key state could not be decoded and the key started afresh. */
    default void stateReset() {
    }

    /** A model version from the models topic was installed. */
    default void modelInstalled(long version) {
    }

    /** A record on the models topic could not be used, for {@code reason}; once per distinct record. */
    default void modelRejected(ModelRejection reason) {
    }

    /** One input record was handled (forecast or dead letter) in {@code nanos} of processing time. */
    default void eventProcessed(long nanos) {
    }

    /** A forecast scored against its actual; see {@link ScoreListener#scored}. */
    @Override
    default void scored(int h, double actual, double forecast, double lower, double upper, double naive) {
    }

    /** The forecast just emitted (after {@link #forecastOut()}) and the observation it was made at. */
    default void forecastMade(Observation observation, Forecast forecast) {
    }

    /** Counts nothing. */
    static StreamCounters none() {
        return NoCounters.INSTANCE;
    }

    /** The do-nothing implementation behind {@link #none()}: every method keeps its default. */
    enum NoCounters implements StreamCounters {
        INSTANCE
    }
}
