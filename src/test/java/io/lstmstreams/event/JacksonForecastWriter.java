package io.lstmstreams.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.DoubleUnaryOperator;

/**
 * The forecast format written through Jackson's streaming generator (with its Schubfach double
 * writer), each number first rounded to twelve significant digits by {@link BigDecimal}: the
 * reference {@link ForecastJson#write} must match byte for byte. Without the rounding
 * ({@link #writeFullPrecision}), the writer the direct one replaced: the baseline of its benchmark.
 */
public final class JacksonForecastWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private static final MathContext TWELVE_DIGITS = new MathContext(12, RoundingMode.HALF_EVEN);

    private JacksonForecastWriter() {
    }

    public static byte[] write(Forecast forecast) {
        return write(forecast, JacksonForecastWriter::rounded);
    }

    /** Every number as the shortest text that reads back as the same double. */
    public static byte[] writeFullPrecision(Forecast forecast) {
        return write(forecast, DoubleUnaryOperator.identity());
    }

    private static byte[] write(Forecast forecast, DoubleUnaryOperator numbers) {
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
                number(json, "value", numbers.applyAsDouble(forecast.value(h)));
                number(json, "lo", numbers.applyAsDouble(forecast.lower(h)));
                number(json, "hi", numbers.applyAsDouble(forecast.upper(h)));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The double nearest {@code value} rounded half-even to twelve significant digits; zeros and non-finite values as they are. */
    public static double rounded(double value) {
        return value == 0 || !Double.isFinite(value) ? value : new BigDecimal(value).round(TWELVE_DIGITS).doubleValue();
    }

    private static void number(JsonGenerator json, String name, double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumberField(name, value);
        } else {
            json.writeNullField(name);
        }
    }
}
