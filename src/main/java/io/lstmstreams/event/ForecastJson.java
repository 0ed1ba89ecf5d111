package io.lstmstreams.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The forecasts topic's value format:
 * <pre>{@code
 * {"series":"s1","ts":"2024-03-01T12:00:00.000Z","model":3,
 *  "steps":[{"h":1,"ts":"2024-03-01T12:01:00.000Z","value":1.5,"lo":1.0,"hi":2.0}, ...]}
 * }</pre>
 * {@code ts} is the event time of the observation the forecast was made at; each step's {@code ts}
 * the time it forecasts. Fields are written in this fixed order with fixed-width UTC times, so the
 * same forecast always gives the same bytes. A non-finite number (which a healthy model never
 * produces) is written as {@code null} and read back as NaN, keeping the output valid JSON.
 *
 * <p>Written straight into bytes ({@link JsonBytes}) rather than through a Jackson generator: this
 * runs once per event on the stream thread, and the fixed shape needs no general writer. Read with
 * Jackson.
 */
public final class ForecastJson {
    /**
     * Each thread's buffer, reused from forecast to forecast: only the finished document is copied
     * out, so a forecast allocates its bytes once instead of growing and copying a fresh buffer.
     */
    private static final ThreadLocal<JsonBytes> SCRATCH = ThreadLocal.withInitial(JsonBytes::new);
    private static final ObjectReader READER = JsonMapper.builder(new JsonFactory()).build().reader();

    private ForecastJson() {
    }

    /** UTF-8 JSON bytes of the forecast. */
    public static byte[] write(Forecast forecast) {
        JsonBytes out = SCRATCH.get().reset();
        out.ascii("{\"series\":").string(forecast.seriesId())
                .ascii(",\"ts\":\"").time(forecast.originTimestamp())
                .ascii("\",\"model\":").integer(forecast.modelVersion())
                .ascii(",\"steps\":[");
        for (int h = 1; h <= forecast.horizon(); h++) {
            out.ascii(h == 1 ? "{\"h\":" : ",{\"h\":").integer(h)
                    .ascii(",\"ts\":\"").time(forecast.targetTimestamp(h))
                    .ascii("\",\"value\":").number(forecast.value(h))
                    .ascii(",\"lo\":").number(forecast.lower(h))
                    .ascii(",\"hi\":").number(forecast.upper(h))
                    .ascii("}");
        }
        return out.ascii("]}").toByteArray();
    }

    /** The same JSON as a string. */
    public static String toJson(Forecast forecast) {
        return new String(write(forecast), StandardCharsets.UTF_8);
    }

    /**
     * Reads a forecast written by {@link #write}; steps are taken in array order.
     *
     * @throws IllegalArgumentException when the bytes are not such a forecast, naming what is wrong
     */
    public static Forecast parse(byte[] bytes) {
        JsonNode root;
        try {
            root = READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("forecast is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("forecast is not a JSON object");
        }
        JsonNode steps = required(root, "steps");
        if (!steps.isArray()) {
            throw new IllegalArgumentException("forecast steps is not an array");
        }
        int horizon = steps.size();
        long[] targets = new long[horizon];
        double[] values = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int i = 0; i < horizon; i++) {
            JsonNode step = steps.get(i);
            targets[i] = time(step, "ts");
            values[i] = number(step, "value");
            lower[i] = number(step, "lo");
            upper[i] = number(step, "hi");
        }
        JsonNode model = required(root, "model");
        if (!model.canConvertToLong() || !model.isIntegralNumber()) {
            throw new IllegalArgumentException("forecast model is not a whole number: " + model);
        }
        return new Forecast(required(root, "series").asText(), time(root, "ts"), model.longValue(),
                targets, values, lower, upper);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode child = node.get(field);
        if (child == null) {
            throw new IllegalArgumentException("forecast has no " + field + ": " + node);
        }
        return child;
    }

    private static long time(JsonNode node, String field) {
        OptionalLong millis = EventTime.parse(required(node, field).asText());
        if (millis.isEmpty()) {
            throw new IllegalArgumentException("forecast " + field + " is not an ISO-8601 date-time: " + node.get(field));
        }
        return millis.getAsLong();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (value.isNull()) {
            return Double.NaN;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException("forecast " + field + " is not a number: " + value);
        }
        return value.doubleValue();
    }
}
