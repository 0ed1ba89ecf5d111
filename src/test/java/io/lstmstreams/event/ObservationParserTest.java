package io.lstmstreams.event;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ObservationParserTest {
    private static final byte[] KEY = utf8("sensor-1");
    /** The record timestamp used when a value has no ts: 2023-11-14T22:13:20Z. */
    private static final long RECORD_TS = 1_700_000_000_000L;
    private static final long MARCH_1_NOON = Instant.parse("2024-03-01T12:00:00Z").toEpochMilli();

    private final ObservationParser parser = new ObservationParser();

    /** One input and what the parser must make of it: a reason code, or an accepted observation. */
    record Case(String name, byte[] key, byte[] value, long recordTs, String expectedCode, long expectedTs,
            double[] expectedValues) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // accepted, including odd but valid inputs
        cases.add(ok("single value, ts from the record", "{\"value\":12.3}", RECORD_TS, 12.3));
        cases.add(ok("ISO ts with Z", "{\"ts\":\"2024-03-01T12:00:00Z\",\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("ISO ts with offset", "{\"ts\":\"2024-03-01T13:00:00+01:00\",\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("ISO ts with offset and zone",
                "{\"ts\":\"2024-03-01T13:00:00+01:00[Europe/Paris]\",\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("ISO ts without offset is UTC", "{\"ts\":\"2024-03-01T12:00:00\",\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("ISO ts with millis", "{\"ts\":\"2024-03-01T12:00:00.250Z\",\"value\":1}", MARCH_1_NOON + 250, 1));
        cases.add(ok("epoch millis number", "{\"ts\":1709294400000,\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("epoch millis string", "{\"ts\":\"1709294400000\",\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("epoch millis as a whole float", "{\"ts\":1.7092944E12,\"value\":1}", MARCH_1_NOON, 1));
        cases.add(ok("epoch zero is 1970-01-01", "{\"ts\":0,\"value\":1}", 0, 1));
        cases.add(ok("null ts means the record timestamp", "{\"ts\":null,\"value\":1}", RECORD_TS, 1));
        cases.add(ok("several values", "{\"values\":[1,2.5,-3]}", RECORD_TS, 1, 2.5, -3));
        cases.add(ok("extreme finite 1e300", "{\"value\":1e300}", RECORD_TS, 1e300));
        cases.add(ok("extreme finite -1e300", "{\"value\":-1e300}", RECORD_TS, -1e300));
        cases.add(ok("largest double", "{\"value\":1.7976931348623157E308}", RECORD_TS, Double.MAX_VALUE));
        cases.add(ok("underflow reads as zero", "{\"value\":1e-400}", RECORD_TS, 0.0));
        cases.add(ok("integer beyond long", "{\"value\":12345678901234567890}", RECORD_TS, 12345678901234567890.0));
        cases.add(ok("unknown fields ignored", "{\"value\":1,\"unit\":\"kW\",\"tags\":{\"a\":[1,{}]}}", RECORD_TS, 1));
        cases.add(ok("whitespace around the object", " \n\t{ \"value\" : 7 }\r\n ", RECORD_TS, 7));
        cases.add(ok("nesting within the limit", "{\"value\":1,\"x\":" + nested(20) + "}", RECORD_TS, 1));
        cases.add(new Case("multi-byte UTF-8 key", utf8("capteur/é/北"), utf8("{\"value\":1}"), RECORD_TS, null,
                RECORD_TS, new double[] {1}));

        // malformed_json
        cases.add(bad("truncated", "{\"value\":", "malformed_json"));
        cases.add(bad("empty value", "", "malformed_json"));
        cases.add(bad("only whitespace", "   ", "malformed_json"));
        cases.add(bad("plain text", "value=12.3", "malformed_json"));
        cases.add(bad("trailing garbage", "{\"value\":1} x", "malformed_json"));
        cases.add(bad("two objects", "{\"value\":1}{\"value\":2}", "malformed_json"));
        cases.add(bad("duplicate field", "{\"value\":1,\"value\":2}", "malformed_json"));
        cases.add(bad("single quotes", "{'value':1}", "malformed_json"));
        cases.add(bad("trailing comma", "{\"value\":1,}", "malformed_json"));
        cases.add(bad("hex number", "{\"value\":0x10}", "malformed_json"));
        cases.add(bad("leading plus", "{\"value\":+1}", "malformed_json"));
        cases.add(bad("both value and values", "{\"value\":1,\"values\":[1]}", "malformed_json"));
        // not_an_object
        cases.add(bad("JSON null", "null", "not_an_object"));
        cases.add(bad("JSON array", "[1,2]", "not_an_object"));
        cases.add(bad("bare number", "12.3", "not_an_object"));
        cases.add(bad("bare string", "\"12.3\"", "not_an_object"));
        cases.add(bad("bare boolean", "true", "not_an_object"));
        // missing_value
        cases.add(bad("empty object", "{}", "missing_value"));
        cases.add(bad("ts only", "{\"ts\":\"2024-03-01T12:00:00Z\"}", "missing_value"));
        cases.add(bad("value null", "{\"value\":null}", "missing_value"));
        cases.add(bad("values empty", "{\"values\":[]}", "missing_value"));
        cases.add(bad("a null among values", "{\"values\":[1,null]}", "missing_value"));
        cases.add(new Case("tombstone", KEY, null, RECORD_TS, "missing_value", 0, null));
        // not_a_number
        cases.add(bad("number as a string", "{\"value\":\"12.3\"}", "not_a_number"));
        cases.add(bad("NaN as a string", "{\"value\":\"NaN\"}", "not_a_number"));
        cases.add(bad("boolean value", "{\"value\":true}", "not_a_number"));
        cases.add(bad("object value", "{\"value\":{\"v\":1}}", "not_a_number"));
        cases.add(bad("array as value", "{\"value\":[1]}", "not_a_number"));
        cases.add(bad("values not an array", "{\"values\":5}", "not_a_number"));
        cases.add(bad("a string among values", "{\"values\":[1,\"2\"]}", "not_a_number"));
        // not_finite
        cases.add(bad("NaN literal", "{\"value\":NaN}", "not_finite"));
        cases.add(bad("Infinity literal", "{\"value\":Infinity}", "not_finite"));
        cases.add(bad("-Infinity literal", "{\"value\":-Infinity}", "not_finite"));
        cases.add(bad("overflow 1e400", "{\"value\":1e400}", "not_finite"));
        cases.add(bad("overflow -1e400", "{\"value\":-1e400}", "not_finite"));
        cases.add(bad("overflow among values", "{\"values\":[1,1e999]}", "not_finite"));
        cases.add(bad("integer beyond double", "{\"value\":1" + "0".repeat(400) + "}", "not_finite"));
        // bad_timestamp
        cases.add(bad("ts not a date", "{\"ts\":\"yesterday\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("ts date without time", "{\"ts\":\"2024-03-01\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("ts with a space for T", "{\"ts\":\"2024-03-01 12:00:00\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("ts on February 30", "{\"ts\":\"2024-02-30T00:00:00Z\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("ts before 1970", "{\"ts\":\"1969-12-31T23:59:59Z\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("negative epoch millis", "{\"ts\":-1,\"value\":1}", "bad_timestamp"));
        cases.add(bad("ts in 2200", "{\"ts\":\"2200-01-01T00:00:00Z\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("epoch millis of 2200", "{\"ts\":7258118400000,\"value\":1}", "bad_timestamp"));
        cases.add(bad("fractional epoch millis", "{\"ts\":1.5,\"value\":1}", "bad_timestamp"));
        cases.add(bad("epoch millis beyond long", "{\"ts\":\"99999999999999999999\",\"value\":1}", "bad_timestamp"));
        cases.add(bad("huge float ts", "{\"ts\":1e30,\"value\":1}", "bad_timestamp"));
        cases.add(bad("boolean ts", "{\"ts\":true,\"value\":1}", "bad_timestamp"));
        cases.add(bad("object ts", "{\"ts\":{},\"value\":1}", "bad_timestamp"));
        cases.add(new Case("no ts and no record timestamp", KEY, utf8("{\"value\":1}"), -1, "bad_timestamp", 0, null));
        // keys
        cases.add(new Case("null key", null, utf8("{\"value\":1}"), RECORD_TS, "missing_key", 0, null));
        cases.add(new Case("empty key", new byte[0], utf8("{\"value\":1}"), RECORD_TS, "empty_key", 0, null));
        cases.add(new Case("blank key", utf8("  "), utf8("{\"value\":1}"), RECORD_TS, "empty_key", 0, null));
        cases.add(new Case("non-UTF-8 key", new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("{\"value\":1}"), RECORD_TS,
                "bad_encoding", 0, null));
        cases.add(new Case("key over 1 KiB", utf8("k".repeat(2000)), utf8("{\"value\":1}"), RECORD_TS, "too_large", 0,
                null));
        // bad_encoding, too_large, too_deep, too_many_values
        cases.add(new Case("non-UTF-8 value", KEY, new byte[] {'{', '"', 'v', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'},
                RECORD_TS, "bad_encoding", 0, null));
        cases.add(new Case("Latin-1 value", KEY, "{\"value\":1,\"unit\":\"°C\"}".getBytes(StandardCharsets.ISO_8859_1),
                RECORD_TS, "bad_encoding", 0, null));
        cases.add(bad("1 MB value", "{\"value\":1,\"pad\":\"" + "x".repeat(1 << 20) + "\"}", "too_large"));
        cases.add(bad("number of 2000 digits", "{\"value\":0." + "1".repeat(2000) + "}", "too_large"));
        cases.add(bad("deeply nested arrays", "{\"value\":1,\"x\":" + nested(100) + "}", "too_deep"));
        cases.add(bad("deeply nested objects", "{\"a\":".repeat(200) + "1" + "}".repeat(200), "too_deep"));
        cases.add(bad("65 values", "{\"values\":[" + "1,".repeat(64) + "1]}", "too_many_values"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classifiesEveryInput(Case c) {
        ParseResult result = parser.parse(c.key(), c.value(), c.recordTs());
        if (c.expectedCode() == null) {
            assertTrue(result.isAccepted(), () -> "expected a valid observation, got " + result);
            Observation observation = result.observation();
            assertEquals(c.expectedTs(), observation.timestamp(), "timestamp");
            assertArrayEquals(c.expectedValues(), observation.values(), "values");
        } else {
            assertFalse(result.isAccepted(), () -> "expected " + c.expectedCode() + ", got " + result);
            assertEquals(c.expectedCode(), result.rejection().code(), () -> "detail: " + result.rejection().detail());
        }
    }

    @Test
    void shouldDecodeKeysAndValuesExactlyAsAStrictUtf8DecoderDoes() throws Exception {
        java.util.Random random = new java.util.Random(5);
        byte[][] fixed = {{}, {0, 0x7F}, {(byte) 0xC3, (byte) 0xA9}, {(byte) 0xC3}, {(byte) 0xED, (byte) 0xA0,
                (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {'a', (byte) 0xFF, 'b'}};
        List<byte[]> inputs = new ArrayList<>(List.of(fixed));
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(12)];
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                for (int b = 0; b < bytes.length; b++) {
                    bytes[b] &= 0x7F;
                }
            }
            inputs.add(bytes);
        }
        for (byte[] bytes : inputs) {
            String expected;
            try {
                expected = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            } catch (java.nio.charset.CharacterCodingException e) {
                expected = null;
            }
            assertEquals(expected, ObservationParser.decodeUtf8(bytes), java.util.Arrays.toString(bytes));
        }
    }

    @Test
    void keyBecomesTheSeriesId() {
        Observation observation = parser.parse(utf8("capteur/é"), utf8("{\"value\":1}"), RECORD_TS).observation();
        assertEquals("capteur/é", observation.seriesId());
    }

    @Test
    void honoursAConfiguredMaximumSize() {
        ObservationParser small = new ObservationParser(16, 4);
        assertEquals("too_large", small.parse(KEY, utf8("{\"value\":1,\"x\":12345}"), RECORD_TS).rejection().code());
        assertTrue(small.parse(KEY, utf8("{\"value\":1}"), RECORD_TS).isAccepted());
    }

    @Test
    void honoursAConfiguredMaximumNumberOfValues() {
        ObservationParser fourValues = new ObservationParser(1024, 4);
        assertTrue(fourValues.parse(KEY, utf8("{\"values\":[1,2,3,4]}"), RECORD_TS).isAccepted());
        assertEquals("too_many_values",
                fourValues.parse(KEY, utf8("{\"values\":[1,2,3,4,5]}"), RECORD_TS).rejection().code());
    }

    @Test
    void rejectionDetailNamesTheProblemWithoutEchoingLongInput() {
        Rejection rejection = parser.parse(KEY, utf8("{\"value\":\"" + "9".repeat(500) + "\"}"), RECORD_TS).rejection();
        assertEquals(Rejection.Reason.NOT_A_NUMBER, rejection.reason());
        assertTrue(rejection.detail().startsWith("value is \"999"), rejection.detail());
        assertTrue(rejection.detail().length() < 120, rejection.detail());
    }

    @Test
    void readsWhatObservationJsonWrites() {
        Observation single = Observation.of("s", MARCH_1_NOON + 7, -0.125);
        Observation several = new Observation("s", MARCH_1_NOON, new double[] {1e300, -2, 0.1});
        assertEquals(single, parser.parse(utf8("s"), ObservationJson.write(single), RECORD_TS).observation());
        assertEquals(several, parser.parse(utf8("s"), ObservationJson.write(several), RECORD_TS).observation());
    }

    @Test
    void reasonCodesAreLowerSnakeCaseOfTheirNames() {
        for (Rejection.Reason reason : Rejection.Reason.values()) {
            assertEquals(reason.name().toLowerCase(), reason.code());
        }
    }

    @Test
    void shouldGiveTheSameResultAsTheTreeReaderForEveryShapeOfValue() {
        String[] ts = {null, "null", "1700000000000", "\"1700000000000\"", "\"2024-03-01T12:00:00Z\"",
            "\"2024-03-01T12:00:00.5+02:00\"", "1.7E12", "\"bad\"", "99999999999999999999", "-5", "\"\"", "true",
            "[1]", "{}", "9000000000000000", "\"2300-01-01T00:00:00Z\""};
        String[] value = {null, "12.3", "-0", "1e400", "NaN", "\"12\"", "null", "[1,2]", "12",
            "123456789012345678901234567890", "-Infinity", "{\"a\":1}", "1e-400"};
        String[] values = {null, "[1,2]", "[]", "[1,\"a\"]", "null", "[1,[2]]", "[1,2,3,4,5]", "[NaN]", "3",
            "[0.5,-1e308,7]"};
        String[] extra = {null, "\"x\":{\"a\":[1,2,{\"b\":null}]}", "\"y\":\"z\"", "\"ts\":1", "\"value\":1",
            "\"n\":[[[[]]]]"};
        ObservationParser fourValues = new ObservationParser(1024, 4);
        java.util.Random random = new java.util.Random(3);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            List<String> fields = new ArrayList<>();
            add(fields, "ts", ts[random.nextInt(ts.length)]);
            int which = random.nextInt(10);
            if (which < 5 || which == 9) {
                add(fields, "value", value[random.nextInt(value.length)]);
            }
            if (which >= 5) {
                add(fields, "values", values[random.nextInt(values.length)]);
            }
            String more = extra[random.nextInt(extra.length)];
            if (more != null) {
                fields.add(random.nextInt(fields.size() + 1), more);
            }
            java.util.Collections.shuffle(fields, random);
            String json = "{" + String.join(",", fields) + "}";
            json = switch (random.nextInt(8)) {
                case 0 -> json.substring(0, random.nextInt(json.length() + 1));
                case 1 -> json + (random.nextBoolean() ? " {}" : " ");
                case 2 -> " \n" + json.replace(",", " , ");
                default -> json;
            };
            byte[] bytes = utf8(json);
            ParseResult tree = fourValues.parseTree("sensor-1", bytes, RECORD_TS);
            assertEquals(tree, fourValues.parse(KEY, bytes, RECORD_TS), json);
            accepted += tree instanceof ParseResult.Accepted ? 1 : 0;
        }
        assertTrue(accepted > 1_000 && accepted < 19_000, accepted + " of 20,000 accepted");
    }

    private static void add(List<String> fields, String name, String json) {
        if (json != null) {
            fields.add("\"" + name + "\":" + json);
        }
    }

    private static Case ok(String name, String json, long expectedTs, double... expectedValues) {
        return new Case(name, KEY, utf8(json), RECORD_TS, null, expectedTs, expectedValues);
    }

    private static Case bad(String name, String json, String expectedCode) {
        return new Case(name, KEY, utf8(json), RECORD_TS, expectedCode, 0, null);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
