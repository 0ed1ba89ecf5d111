package io.lstmstreams.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * The per-event path of {@link ObservationParser}: reads a value of the usual shape, a JSON object
 * with {@code value} or {@code values} and maybe {@code ts}, token by token from its bytes, with no
 * tree and no {@code String} of the whole value. It only ever accepts: anything it would have to
 * reject or is unsure of (bad syntax, a duplicate field, a trailing token, a value that is not a
 * finite number, a {@code ts} that is not whole epoch milliseconds or an ISO-8601 text in range)
 * gives null, and the tree reader then decides, so every rejection keeps its reason and detail.
 */
final class CommonShapeReader {
    private final JsonFactory factory;
    private final int maxValues;

    /** @param factory configured as the tree reader's (duplicate detection, nesting limit, NaN literals) */
    CommonShapeReader(JsonFactory factory, int maxValues) {
        this.factory = factory;
        this.maxValues = maxValues;
    }

    /** The observation, or null when the tree reader must look at the value. */
    Observation read(String seriesId, byte[] value, long recordTimestamp) {
        try (JsonParser json = factory.createParser(value)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            double[] values = null;
            OptionalLong timestamp = OptionalLong.of(recordTimestamp);
            JsonToken token;
            while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken content = json.nextToken();
                switch (field) {
                    case "value" -> {
                        if (values != null || !finiteNumber(json, content)) {
                            return null;
                        }
                        values = new double[] {json.getDoubleValue()};
                    }
                    case "values" -> {
                        if (values != null || content != JsonToken.START_ARRAY) {
                            return null;
                        }
                        values = numbers(json);
                        if (values == null) {
                            return null;
                        }
                    }
                    case "ts" -> timestamp = content == JsonToken.VALUE_NULL ? timestamp : timestamp(json, content);
                    default -> json.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || json.nextToken() != null || values == null
                    || timestamp.isEmpty() || !EventTime.inRange(timestamp.getAsLong())) {
                return null;
            }
            return new Observation(seriesId, timestamp.getAsLong(), values);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean finiteNumber(JsonParser json, JsonToken token) throws IOException {
        return (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT)
                && Double.isFinite(json.getDoubleValue());
    }

    /** The array's numbers, or null unless it holds 1 to maxValues finite numbers. */
    private double[] numbers(JsonParser json) throws IOException {
        double[] numbers = new double[4];
        int count = 0;
        JsonToken token;
        while ((token = json.nextToken()) != JsonToken.END_ARRAY) {
            if (count == maxValues || !finiteNumber(json, token)) {
                return null;
            }
            if (count == numbers.length) {
                numbers = Arrays.copyOf(numbers, Math.min(maxValues, 2 * count));
            }
            numbers[count++] = json.getDoubleValue();
        }
        return count == 0 ? null : Arrays.copyOf(numbers, count);
    }

    /** Whole epoch milliseconds as an integer, or a text {@link ObservationParser#timestampText} reads; else empty. */
    private static OptionalLong timestamp(JsonParser json, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return OptionalLong.of(json.getLongValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            return ObservationParser.timestampText(json.getText());
        }
        return OptionalLong.empty();
    }
}
