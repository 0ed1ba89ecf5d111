package io.lstmstreams.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes the events topic's value format for producers (replay, demo, tests):
 * {@code {"ts":"2024-03-01T12:00:00.000Z","value":12.3}}, or {@code "values":[...]} when an
 * observation has more than one value. {@link ObservationParser} reads it back.
 */
public final class ObservationJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ObservationJson() {
    }

    /**
     * UTF-8 JSON bytes of the observation; its series id travels as the record key, not here.
     *
     * @throws IllegalArgumentException for a non-finite value, which the parser would reject
     */
    public static byte[] write(Observation observation) {
        double[] values = observation.values();
        ByteArrayOutputStream out = new ByteArrayOutputStream(48 + 24 * values.length);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("ts", EventTime.format(observation.timestamp()));
            if (values.length == 1) {
                json.writeNumberField("value", finite(values[0]));
            } else {
                json.writeArrayFieldStart("values");
                for (double value : values) {
                    json.writeNumber(finite(value));
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("observation value is not finite: " + value);
        }
        return value;
    }
}
