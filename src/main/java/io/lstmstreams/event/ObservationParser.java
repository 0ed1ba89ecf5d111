package io.lstmstreams.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lstmstreams.event.Rejection.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Turns a raw record (key bytes, value bytes, record timestamp) into an {@link Observation}, or a
 * {@link Rejection} with a reason code for the dead-letter topic. Never throws on bad input.
 *
 * <p>The value is a JSON object: {@code {"ts": ..., "value": 12.3}} or
 * {@code {"ts": ..., "values": [12.3, 4.5]}}; other fields are ignored.
 * <ul>
 * <li>{@code ts}: an ISO-8601 date-time (no offset = UTC), or whole epoch milliseconds as a number
 * or a string of digits. Absent or null: the record timestamp. Must lie in [1970, 2200).
 * Epoch <em>seconds</em> cannot be told apart and are read as milliseconds.</li>
 * <li>values are JSON numbers only: {@code "12.3"} in quotes is {@code not_a_number} (strict, so a
 * producer that sends strings learns it at once instead of feeding locale-dependent text).
 * NaN and Infinity literals are read (to report them as {@code not_finite} rather than as a syntax
 * error), as are numbers that overflow a double (1e400); numbers that underflow (1e-400) are 0.</li>
 * <li>Both {@code value} and {@code values}, a duplicate field, or anything after the object is
 * {@code malformed_json}.</li>
 * </ul>
 * Checks run cheapest first: key, size, encoding, JSON syntax, value(s), then ts, and the first
 * failure is reported. Duplicate or out-of-order timestamps are the caller's to judge (they need
 * the key's state). Thread-safe.
 */
public final class ObservationParser {
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_VALUES = 64;
    /** A series id is an identifier, not a payload. */
    public static final int MAX_KEY_BYTES = 1024;
    /** The shape is two levels deep; anything far deeper is an accident or an attack. */
    public static final int MAX_NESTING_DEPTH = 32;

    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?[0-9]{1,19}");
    /** Longest piece of input quoted back in a rejection's detail. */
    private static final int MAX_QUOTED_CHARS = 40;

    private final int maxValueBytes;
    private final int maxValues;
    private final ObjectReader reader;
    private final CommonShapeReader commonShape;

    /** A parser with the default limits. */
    public ObservationParser() {
        this(DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_VALUES);
    }

    /**
     * @param maxValueBytes largest value accepted, in bytes; larger ones are rejected unread
     * @param maxValues most values one observation may carry
     */
    public ObservationParser(int maxValueBytes, int maxValues) {
        if (maxValueBytes < 1 || maxValues < 1) {
            throw new IllegalArgumentException("limits must be positive: maxValueBytes=" + maxValueBytes
                    + ", maxValues=" + maxValues);
        }
        this.maxValueBytes = maxValueBytes;
        this.maxValues = maxValues;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.commonShape = new CommonShapeReader(factory, maxValues);
        this.reader = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build()
                .reader();
    }

    /**
     * @param key record key bytes: the series id in UTF-8
     * @param value record value bytes: the JSON object
     * @param recordTimestamp the record's timestamp, used when the value has no {@code ts}
     */
    public ParseResult parse(byte[] key, byte[] value, long recordTimestamp) {
        if (key == null) {
            return reject(Reason.MISSING_KEY, "record has no key");
        }
        if (key.length == 0) {
            return reject(Reason.EMPTY_KEY, "key is empty");
        }
        if (key.length > MAX_KEY_BYTES) {
            return reject(Reason.TOO_LARGE, "key is " + key.length + " bytes, limit " + MAX_KEY_BYTES);
        }
        String seriesId = decodeUtf8(key);
        if (seriesId == null) {
            return reject(Reason.BAD_ENCODING, "key is not valid UTF-8");
        }
        if (seriesId.isBlank()) {
            return reject(Reason.EMPTY_KEY, "key is blank");
        }
        if (value == null) {
            return reject(Reason.MISSING_VALUE, "record has no value (a tombstone)");
        }
        if (value.length > maxValueBytes) {
            return reject(Reason.TOO_LARGE, "value is " + value.length + " bytes, limit " + maxValueBytes);
        }
        if (isAscii(value)) {
            Observation usual = commonShape.read(seriesId, value, recordTimestamp);
            if (usual != null) {
                return new ParseResult.Accepted(usual);
            }
        }
        return parseTree(seriesId, value, recordTimestamp);
    }

    /** The value read into a tree: what decides every value {@link CommonShapeReader} does not accept. */
    ParseResult parseTree(String seriesId, byte[] value, long recordTimestamp) {
        String json = decodeUtf8(value);
        if (json == null) {
            return reject(Reason.BAD_ENCODING, "value is not valid UTF-8");
        }
        return parseJson(seriesId, json, recordTimestamp);
    }

    private ParseResult parseJson(String seriesId, String json, long recordTimestamp) {
        JsonNode root;
        try {
            root = reader.readTree(json);
        } catch (JsonProcessingException e) {
            return rejectUnreadable(e);
        } catch (IOException e) {
            return reject(Reason.MALFORMED_JSON, e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return reject(Reason.MALFORMED_JSON, "value is empty");
        }
        if (!root.isObject()) {
            return reject(Reason.NOT_AN_OBJECT, "value is a JSON " + root.getNodeType().name().toLowerCase());
        }
        ValuesOrRejection values = readValues(root);
        if (values.rejection() != null) {
            return values.rejection();
        }
        JsonNode ts = root.get("ts");
        long timestamp;
        if (ts == null || ts.isNull()) {
            if (!EventTime.inRange(recordTimestamp)) {
                return reject(Reason.BAD_TIMESTAMP, "no ts, and record timestamp " + recordTimestamp
                        + " is outside [1970, 2200)");
            }
            timestamp = recordTimestamp;
        } else {
            OptionalLong parsed = readTimestamp(ts);
            if (parsed.isEmpty()) {
                return reject(Reason.BAD_TIMESTAMP, "ts " + quote(ts) + " is neither an ISO-8601 date-time"
                        + " nor whole epoch milliseconds");
            }
            if (!EventTime.inRange(parsed.getAsLong())) {
                return reject(Reason.BAD_TIMESTAMP, "ts " + quote(ts) + " is outside [1970, 2200)");
            }
            timestamp = parsed.getAsLong();
        }
        return new ParseResult.Accepted(new Observation(seriesId, timestamp, values.values()));
    }

    /** A JSON parse failure: a limit of the reader, or plain bad syntax. */
    private static Rejection rejectUnreadable(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                String message = limit.getOriginalMessage();
                return message.contains("nesting depth")
                        ? reject(Reason.TOO_DEEP, "nested deeper than " + MAX_NESTING_DEPTH + " levels")
                        : reject(Reason.TOO_LARGE, message);
            }
        }
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return reject(Reason.MALFORMED_JSON, e.getOriginalMessage() + where);
    }

    private ValuesOrRejection readValues(JsonNode root) {
        JsonNode single = root.get("value");
        JsonNode many = root.get("values");
        if (single != null && many != null) {
            return ValuesOrRejection.of(reject(Reason.MALFORMED_JSON, "both value and values are given"));
        }
        if (single == null && many == null) {
            return ValuesOrRejection.of(reject(Reason.MISSING_VALUE, "neither value nor values is given"));
        }
        if (single != null) {
            Rejection bad = checkNumber(single, "value");
            return bad != null ? ValuesOrRejection.of(bad) : ValuesOrRejection.of(new double[] {single.doubleValue()});
        }
        if (many.isNull()) {
            return ValuesOrRejection.of(reject(Reason.MISSING_VALUE, "values is null"));
        }
        if (!many.isArray()) {
            return ValuesOrRejection.of(reject(Reason.NOT_A_NUMBER, "values is a " + quote(many) + ", not an array"));
        }
        if (many.isEmpty()) {
            return ValuesOrRejection.of(reject(Reason.MISSING_VALUE, "values is empty"));
        }
        if (many.size() > maxValues) {
            return ValuesOrRejection.of(reject(Reason.TOO_MANY_VALUES, many.size() + " values, limit " + maxValues));
        }
        double[] values = new double[many.size()];
        for (int i = 0; i < values.length; i++) {
            Rejection bad = checkNumber(many.get(i), "values[" + i + "]");
            if (bad != null) {
                return ValuesOrRejection.of(bad);
            }
            values[i] = many.get(i).doubleValue();
        }
        return ValuesOrRejection.of(values);
    }

    /** Null when the node is a finite JSON number. */
    private static Rejection checkNumber(JsonNode node, String name) {
        if (node.isNull()) {
            return reject(Reason.MISSING_VALUE, name + " is null");
        }
        if (!node.isNumber()) {
            return reject(Reason.NOT_A_NUMBER, name + " is " + quote(node) + ", not a JSON number");
        }
        // a number too big for a double (1e400, or a long run of digits) reads as +-Infinity here
        if (!Double.isFinite(node.doubleValue())) {
            return reject(Reason.NOT_FINITE, name + " is NaN, Infinity, or beyond the double range (~1.8e308)");
        }
        return null;
    }

    /** Epoch millis from a whole number, a string of digits, or an ISO-8601 date-time string. */
    private static OptionalLong readTimestamp(JsonNode ts) {
        if (ts.isNumber()) {
            // 1.7E12 is a whole number written as a float; 1.5 is not a millisecond count
            if (ts.canConvertToExactIntegral() && ts.canConvertToLong()) {
                return OptionalLong.of(ts.longValue());
            }
            return OptionalLong.empty();
        }
        if (!ts.isTextual()) {
            return OptionalLong.empty();
        }
        return timestampText(ts.textValue());
    }

    /** Epoch millis from a string of digits or an ISO-8601 date-time; empty for any other text. */
    static OptionalLong timestampText(String text) {
        if (EPOCH_MILLIS.matcher(text).matches()) {
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
        return EventTime.parse(text);
    }

    /** Strict UTF-8: malformed or truncated sequences give null instead of replacement characters. */
    static String decodeUtf8(byte[] bytes) {
        if (isAscii(bytes)) {
            // valid UTF-8 that decodes byte for byte: the usual series id and JSON event, copied
            // without a decoder and its buffers (Latin-1 copies as is, where US-ASCII would check
            // every byte again)
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** A short rendering of a node for a rejection detail. */
    private static String quote(JsonNode node) {
        String text = node.toString();
        return text.length() <= MAX_QUOTED_CHARS ? text : text.substring(0, MAX_QUOTED_CHARS) + "...";
    }

    private static Rejection reject(Reason reason, String detail) {
        return new Rejection(reason, detail);
    }

    /** Either the parsed values or why they are not acceptable. */
    private record ValuesOrRejection(double[] values, Rejection rejection) {
        static ValuesOrRejection of(double[] values) {
            return new ValuesOrRejection(values, null);
        }

        static ValuesOrRejection of(Rejection rejection) {
            return new ValuesOrRejection(null, rejection);
        }
    }
}
