package io.lstmstreams.stream;

import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.ForecastSerde;
import io.lstmstreams.training.Segment;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the application with its serdes, named from one common prefix (default
 * {@value #DEFAULT_PREFIX}). The one place that says what travels where.
 *
 * @param events input observations; raw bytes, so that bad bytes reach the DLQ untouched
 * @param forecasts one forecast per accepted event, keyed by series id
 * @param deadLetters rejected or failed input records, original key and value bytes plus headers
 * @param segments training segments cut by the stream, keyed by series id, read by the trainer
 * @param models model artefacts keyed by model name; compacted, read by every instance
 */
public record Topics(
        Topic<byte[], byte[]> events,
        Topic<String, Forecast> forecasts,
        Topic<byte[], byte[]> deadLetters,
        Topic<String, Segment> segments,
        Topic<String, byte[]> models) {

    public static final String DEFAULT_PREFIX = "lstm.";
    public static final String EVENTS = "events";
    public static final String FORECASTS = "forecasts";
    public static final String DEAD_LETTERS = "events.dlq";
    public static final String SEGMENTS = "segments";
    public static final String MODELS = "models";

    /** Kafka's rule for topic names; a prefix may be empty. */
    private static final Pattern LEGAL_PREFIX = Pattern.compile("[a-zA-Z0-9._-]*");
    /** Kafka's topic name limit, less the longest suffix. */
    private static final int MAX_PREFIX_LENGTH = 249 - DEAD_LETTERS.length();

    /** The topics under the default prefix {@value #DEFAULT_PREFIX}. */
    public static Topics withDefaultPrefix() {
        return withPrefix(DEFAULT_PREFIX);
    }

    /**
     * The topics under {@code prefix}, e.g. {@code "lstm."} gives {@code lstm.events},
     * {@code lstm.forecasts}, ...; an empty prefix gives the bare names.
     */
    public static Topics withPrefix(String prefix) {
        if (prefix == null || !LEGAL_PREFIX.matcher(prefix).matches() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("topic prefix must be at most " + MAX_PREFIX_LENGTH
                    + " of [a-zA-Z0-9._-]: " + prefix);
        }
        return new Topics(
                new Topic<>(prefix + EVENTS, Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(prefix + FORECASTS, Serdes.String(), new ForecastSerde()),
                new Topic<>(prefix + DEAD_LETTERS, Serdes.ByteArray(), Serdes.ByteArray()),
                new Topic<>(prefix + SEGMENTS, Serdes.String(), new SegmentSerde()),
                new Topic<>(prefix + MODELS, Serdes.String(), Serdes.ByteArray()));
    }

    /** All topics, inputs first. */
    public List<Topic<?, ?>> all() {
        return List.of(events, forecasts, deadLetters, segments, models);
    }
}
