package io.lstmstreams.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The forecast format written through Jackson's streaming generator (with its Schubfach double
 * writer): the reference {@link ForecastJson#write} must match byte for byte, and the baseline of
 * its benchmark.
 */
public final class JacksonForecastWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private JacksonForecastWriter() {
    }

    public static byte[] write(Forecast forecast) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 96 * forecast.horizon());
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("series", forecast.seriesId());
            json.writeStringField("ts", EventTime.format(forecast.originTimestamp()));
            json.writeNumberField("model", forecast.modelVersion());
            json.writeArrayFieldStart("steps");
            for (int h = 1; h <= forecast.horizon(); h++) {
                json.writeStartObject();
                json.writeNumberField("h", h);
                json.writeStringField("ts", EventTime.format(forecast.targetTimestamp(h)));
                number(json, "value", forecast.value(h));
                number(json, "lo", forecast.lower(h));
                number(json, "hi", forecast.upper(h));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void number(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(name, value);
        } else {
            json.writeNullField(name);
        }
    }
}
