package io.lstmstreams.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.broker.EmbeddedBrokerExtension;
import io.lstmstreams.broker.EmbeddedKafkaBroker;
import io.lstmstreams.metrics.MetricNames;
import io.lstmstreams.engine.StepResult;
import io.lstmstreams.event.EventTime;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.stream.DeadLetterHeaders;
import io.lstmstreams.stream.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad and odd events, as raw key and value bytes, interleaved with valid events on a
 * few keys, through the running application on a real broker. Every input leads to exactly one
 * output: a forecast, or a dead letter with the expected reason and the original bytes. Forecasts
 * stay finite, a key recovers its scale after extreme values, and the stream keeps running.
 */
@Timeout(120)
class BadInputIT {
    /** The expected outcome of an input that must be forecast. */
    private static final String FORECAST = "forecast";
    private static final String NORMAL = "normal";
    private static final String EXTREME = "extreme";
    private static final String BAD = "bad";
    private static final int RECOVERY = 25;

    @RegisterExtension
    static final EmbeddedBrokerExtension BROKER = new EmbeddedBrokerExtension();

    @TempDir
    Path state;

    /** One input: its key and value bytes, record timestamp, and expected outcome (a reason code or {@link #FORECAST}). */
    private record Input(String kind, byte[] key, byte[] value, long recordTs, String expected) {
        boolean forecast() {
            return FORECAST.equals(expected);
        }
    }

    private final List<Input> inputs = new ArrayList<>();
    /** Kinds of bad or odd input (the valid filler events on the normal keys not counted). */
    private final Set<String> kinds = new LinkedHashSet<>();
    private int normalStep;

    @Test
    void shouldSendEveryInputToExactlyOneOutputAndKeepRunning() throws Exception {
        EmbeddedKafkaBroker kafka = BROKER.broker();
        buildCorpus();
        assertTrue(kinds.size() >= 40, "kinds covered: " + kinds.size());
        Properties noTraining = Cluster.noTraining();
        try (AppInstance app = new AppInstance(Cluster.config(kafka, "bad-input", state, noTraining));
                KafkaProducer<byte[], byte[]> producer = Cluster.producer(kafka)) {
            app.start();
            assertTrue(app.awaitRunning(Cluster.WAIT), "stream running");
            Topics topics = app.topics();
            Map<String, Input> byOffset = send(producer, topics);

            long expectedForecasts = inputs.stream().filter(Input::forecast).count();
            long expectedDeadLetters = inputs.size() - expectedForecasts;
            List<ConsumerRecord<byte[], byte[]>> forecastRecords = Cluster.readCommitted(kafka,
                    topics.forecasts().name(), (int) expectedForecasts);
            List<ConsumerRecord<byte[], byte[]>> deadLetters = Cluster.readCommitted(kafka,
                    topics.deadLetters().name(), (int) expectedDeadLetters);

            assertEquals(inputs.size(), forecastRecords.size() + deadLetters.size(),
                    "forecasts + dead letters = inputs (" + forecastRecords.size() + " + " + deadLetters.size() + ")");
            assertEquals(expectedDeadLetters, deadLetters.size(), "dead letters");
            assertEquals(expectedForecasts, forecastRecords.size(), "forecasts");
            checkDeadLetters(deadLetters, byOffset);
            List<Forecast> forecasts = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : forecastRecords) {
                forecasts.add(topics.forecasts().valueSerde().deserializer().deserialize(r.topic(), r.value()));
            }
            checkForecasts(forecasts);
            checkRecovery(forecasts);

            assertEquals(KafkaStreams.State.RUNNING, app.stream().streams().state(), "still running");
            assertEquals(0.0, app.observability().registry().get(MetricNames.STATE_RESETS).counter().count(),
                    "key states reset after decoding failures");
        }
    }

    // ---------------------------------------------------------------------------------------- corpus

    private void buildCorpus() {
        // warm-up: both keys that see extreme or bad neighbours have a history first
        for (int i = 0; i < 30; i++) {
            normal();
            valid(EXTREME, i, normalValue(i));
        }

        // malformed_json
        bad("truncated", "{\"value\":", "malformed_json");
        bad("empty value", "", "malformed_json");
        bad("only whitespace", "   ", "malformed_json");
        bad("plain text", "value=12.3", "malformed_json");
        bad("trailing garbage", "{\"value\":1} x", "malformed_json");
        bad("two objects", "{\"value\":1}{\"value\":2}", "malformed_json");
        bad("duplicate field", "{\"value\":1,\"value\":2}", "malformed_json");
        bad("single quotes", "{'value':1}", "malformed_json");
        bad("trailing comma", "{\"value\":1,}", "malformed_json");
        bad("hex number", "{\"value\":0x10}", "malformed_json");
        bad("leading plus", "{\"value\":+1}", "malformed_json");
        bad("both value and values", "{\"value\":1,\"values\":[1]}", "malformed_json");
        // not_an_object
        bad("JSON null", "null", "not_an_object");
        bad("JSON array", "[1,2]", "not_an_object");
        bad("bare number", "12.3", "not_an_object");
        bad("bare string", "\"12.3\"", "not_an_object");
        bad("bare boolean", "true", "not_an_object");
        // missing_value
        bad("empty object", "{}", "missing_value");
        bad("ts only", "{\"ts\":\"2024-03-01T12:00:00Z\"}", "missing_value");
        bad("value null", "{\"value\":null}", "missing_value");
        bad("values empty", "{\"values\":[]}", "missing_value");
        bad("a null among values", "{\"values\":[1,null]}", "missing_value");
        add("tombstone", utf8(BAD), null, Cluster.T0, "missing_value");
        // not_a_number
        bad("number as a string", "{\"value\":\"12.3\"}", "not_a_number");
        bad("NaN as a string", "{\"value\":\"NaN\"}", "not_a_number");
        bad("boolean value", "{\"value\":true}", "not_a_number");
        bad("object value", "{\"value\":{\"v\":1}}", "not_a_number");
        bad("array as value", "{\"value\":[1]}", "not_a_number");
        bad("values not an array", "{\"values\":5}", "not_a_number");
        bad("a string among values", "{\"values\":[1,\"2\"]}", "not_a_number");
        // not_finite
        bad("NaN literal", "{\"value\":NaN}", "not_finite");
        bad("Infinity literal", "{\"value\":Infinity}", "not_finite");
        bad("-Infinity literal", "{\"value\":-Infinity}", "not_finite");
        bad("overflow 1e400", "{\"value\":1e400}", "not_finite");
        bad("overflow -1e400", "{\"value\":-1e400}", "not_finite");
        bad("overflow among values", "{\"values\":[1,1e999]}", "not_finite");
        bad("integer beyond double", "{\"value\":1" + "0".repeat(400) + "}", "not_finite");
        // bad_timestamp
        bad("ts not a date", "{\"ts\":\"yesterday\",\"value\":1}", "bad_timestamp");
        bad("ts date without time", "{\"ts\":\"2024-03-01\",\"value\":1}", "bad_timestamp");
        bad("ts with a space for T", "{\"ts\":\"2024-03-01 12:00:00\",\"value\":1}", "bad_timestamp");
        bad("ts on February 30", "{\"ts\":\"2024-02-30T00:00:00Z\",\"value\":1}", "bad_timestamp");
        bad("ts before 1970", "{\"ts\":\"1969-12-31T23:59:59Z\",\"value\":1}", "bad_timestamp");
        bad("negative epoch millis", "{\"ts\":-1,\"value\":1}", "bad_timestamp");
        bad("ts in 2200", "{\"ts\":\"2200-01-01T00:00:00Z\",\"value\":1}", "bad_timestamp");
        bad("epoch millis of 2200", "{\"ts\":7258118400000,\"value\":1}", "bad_timestamp");
        bad("fractional epoch millis", "{\"ts\":1.5,\"value\":1}", "bad_timestamp");
        bad("epoch millis beyond long", "{\"ts\":\"99999999999999999999\",\"value\":1}", "bad_timestamp");
        bad("huge float ts", "{\"ts\":1e30,\"value\":1}", "bad_timestamp");
        bad("boolean ts", "{\"ts\":true,\"value\":1}", "bad_timestamp");
        bad("object ts", "{\"ts\":{},\"value\":1}", "bad_timestamp");
        // keys
        add("null key", null, utf8("{\"value\":1}"), Cluster.T0, "missing_key");
        add("empty key", new byte[0], utf8("{\"value\":1}"), Cluster.T0, "empty_key");
        add("blank key", utf8("  "), utf8("{\"value\":1}"), Cluster.T0, "empty_key");
        add("non-UTF-8 key", new byte[] {(byte) 0xff, (byte) 0xfe}, utf8("{\"value\":1}"), Cluster.T0,
                "bad_encoding");
        add("key over 1 KiB", utf8("k".repeat(2000)), utf8("{\"value\":1}"), Cluster.T0, "too_large");
        // encoding, size, depth, count
        add("non-UTF-8 value", utf8(BAD),
                new byte[] {'{', '"', 'v', (byte) 0xc3, (byte) 0x28, '"', ':', '1', '}'}, Cluster.T0, "bad_encoding");
        add("Latin-1 value", utf8(BAD), "{\"value\":1,\"unit\":\"°C\"}".getBytes(StandardCharsets.ISO_8859_1),
                Cluster.T0, "bad_encoding");
        // 1 MB (10^6 bytes): under the broker's and clients' default 1 MiB limits, over the parser's 64 KiB
        bad("1 MB value", "{\"value\":1,\"pad\":\"" + "x".repeat(1_000_000 - 22) + "\"}", "too_large");
        bad("number of 2000 digits", "{\"value\":0." + "1".repeat(2000) + "}", "too_large");
        bad("deeply nested arrays", "{\"value\":1,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}", "too_deep");
        bad("deeply nested objects", "{\"a\":".repeat(200) + "1" + "}".repeat(200), "too_deep");
        bad("65 values", "{\"values\":[" + "1,".repeat(64) + "1]}", "too_many_values");
        // the engine's rejections, on a key with a history
        bad("two values for a one-value model", "{\"values\":[1,2]}", StepResult.WRONG_ARITY);
        kinds.add("duplicate timestamp");
        add("duplicate timestamp", utf8(NORMAL), json(normalTs(normalStep - 1), 100), normalTs(normalStep - 1),
                StepResult.DUPLICATE);
        normal();
        kinds.add("out-of-order timestamp");
        add("out-of-order timestamp", utf8(NORMAL), json(normalTs(normalStep - 5), 100), normalTs(normalStep - 5),
                StepResult.OUT_OF_ORDER);
        normal();

        // odd but valid
        odd("unknown fields", "unknown", "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1,\"unit\":\"kW\","
                + "\"tags\":{\"a\":[1,{}]}}", Cluster.T0);
        odd("epoch millis ts", "epoch", "{\"ts\":" + Cluster.T0 + ",\"value\":3}", Cluster.T0);
        odd("epoch millis ts as a string", "epoch", "{\"ts\":\"" + (Cluster.T0 + Cluster.STEP) + "\",\"value\":4}",
                Cluster.T0);
        odd("ISO ts with an offset", "epoch", "{\"ts\":\"2024-01-01T02:00:00+01:00\",\"value\":5}", Cluster.T0);
        odd("ISO ts with offset and zone", "epoch",
                "{\"ts\":\"2024-01-01T02:30:00+01:00[Europe/Paris]\",\"value\":5}", Cluster.T0);
        odd("ISO ts without offset", "epoch", "{\"ts\":\"2024-01-01T02:00:00\",\"value\":6}", Cluster.T0);
        odd("no ts: the record timestamp", "record-ts", "{\"value\":7}", Cluster.T0);
        odd("null ts: the record timestamp", "record-ts", "{\"ts\":null,\"value\":8}", Cluster.T0 + Cluster.STEP);
        odd("one value in values", "record-ts", "{\"ts\":\"2024-01-02T00:00:00Z\",\"values\":[9]}", Cluster.T0);
        odd("whitespace around the object", "record-ts", " \n\t{ \"ts\":\"2024-01-03T00:00:00Z\", \"value\" : 7 }\r\n",
                Cluster.T0);
        odd("nesting within the limit", "record-ts", "{\"ts\":\"2024-01-04T00:00:00Z\",\"value\":1,\"x\":"
                + "[".repeat(20) + "]".repeat(20) + "}", Cluster.T0);
        odd("underflow 1e-400", "record-ts", "{\"ts\":\"2024-01-05T00:00:00Z\",\"value\":1e-400}", Cluster.T0);
        odd("multi-byte UTF-8 key", "capteur/é/北", "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}", Cluster.T0);
        kinds.add("a long run of constants");
        for (int i = 0; i < 40; i++) {
            valid("constant", i, 5.0);
            normal();
        }
        kinds.add("a gap of weeks");
        for (int i = 0; i < 10; i++) {
            valid("gap", i, normalValue(i));
        }
        for (int i = 10; i < 20; i++) {
            valid("gap", i + 3 * 7 * 48, normalValue(i));
            normal();
        }
        // 1e300 and -1e300 are accepted (finite). They once left Infinity in the key's float32 state,
        // which the next event could not decode, so the key silently restarted; the state now
        // saturates such values, and the test asserts below that no key state was reset.
        add("extreme 1e300", utf8(EXTREME), json(extremeTs(30), 1e300), extremeTs(30), FORECAST);
        normal();
        add("extreme -1e300", utf8(EXTREME), json(extremeTs(31), -1e300), extremeTs(31), FORECAST);
        normal();
        for (int i = 32; i < 32 + RECOVERY; i++) {
            valid(EXTREME, i, normalValue(i));
            normal();
        }
    }

    private static double normalValue(int i) {
        return 100 + 20 * Math.sin(2 * Math.PI * i / 48.0) + 3 * Math.sin(i * 12.9898);
    }

    private static long normalTs(int i) {
        return Cluster.T0 + i * Cluster.STEP;
    }

    private static long extremeTs(int i) {
        return Cluster.T0 + i * Cluster.STEP;
    }

    /** The next valid event of the normal key, which every bad input is interleaved with. */
    private void normal() {
        valid(NORMAL, normalStep, normalValue(normalStep));
        normalStep++;
    }

    private void valid(String key, int i, double value) {
        long ts = Cluster.T0 + i * Cluster.STEP;
        add("valid", utf8(key), json(ts, value), ts, FORECAST);
    }

    /** A bad value on the normal key (or the bad key for parser rejections), followed by a valid event. */
    private void bad(String kind, String value, String reason) {
        kinds.add(kind);
        String key = reason.equals(StepResult.WRONG_ARITY) ? NORMAL : BAD;
        add(kind, utf8(key), utf8(value), Cluster.T0, reason);
        normal();
    }

    private void add(String kind, byte[] key, byte[] value, long recordTs, String expected) {
        if (!kind.equals("valid")) {
            kinds.add(kind);
        }
        inputs.add(new Input(kind, key, value, recordTs, expected));
    }

    private void odd(String kind, String key, String value, long recordTs) {
        kinds.add(kind);
        add(kind, utf8(key), utf8(value), recordTs, FORECAST);
    }

    private static byte[] json(long ts, double value) {
        return utf8("{\"ts\":\"" + EventTime.format(ts) + "\",\"value\":" + value + "}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------- checks

    /** Sends every input in order; the inputs by "partition@offset". */
    private Map<String, Input> send(KafkaProducer<byte[], byte[]> producer, Topics topics) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Input in : inputs) {
            acks.add(producer.send(new ProducerRecord<>(topics.events().name(), null, in.recordTs(), in.key(),
                    in.value())));
        }
        producer.flush();
        Map<String, Input> byOffset = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            RecordMetadata meta = acks.get(i).get();
            byOffset.put(meta.partition() + "@" + meta.offset(), inputs.get(i));
        }
        return byOffset;
    }

    private static void checkDeadLetters(List<ConsumerRecord<byte[], byte[]>> deadLetters, Map<String, Input> byOffset) {
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : deadLetters) {
            String where = DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_PARTITION) + "@"
                    + DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_OFFSET);
            Input in = byOffset.get(where);
            assertNotNull(in, "dead letter from an input: " + where);
            assertTrue(seen.add(where), "one dead letter per input: " + in.kind());
            assertEquals(in.expected(), DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.REASON),
                    () -> in.kind() + ": " + DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.DETAIL));
            assertArrayEquals(in.value(), r.value(), in.kind() + ": original value bytes");
            assertArrayEquals(in.key(), r.key(), in.kind() + ": original key bytes");
        }
    }

    private void checkForecasts(List<Forecast> forecasts) {
        Map<String, Long> expected = new HashMap<>();
        for (Input in : inputs) {
            if (in.forecast()) {
                expected.merge(new String(in.key(), StandardCharsets.UTF_8), 1L, Long::sum);
            }
        }
        Map<String, Long> actual = new HashMap<>();
        for (Forecast f : forecasts) {
            actual.merge(f.seriesId(), 1L, Long::sum);
            for (int h = 1; h <= f.horizon(); h++) {
                assertTrue(Double.isFinite(f.value(h)) && Double.isFinite(f.lower(h)) && Double.isFinite(f.upper(h)),
                        "finite forecast of " + f.seriesId() + " at " + f.originTimestamp() + ": " + f);
            }
        }
        assertEquals(expected, actual, "forecasts per key");
    }

    /** The extreme key's last forecast, after {@value #RECOVERY} normal events, is back on their scale. */
    private static void checkRecovery(List<Forecast> forecasts) {
        Forecast last = forecasts.stream().filter(f -> f.seriesId().equals(EXTREME))
                .filter(f -> f.originTimestamp() == extremeTs(32 + RECOVERY - 1)).findFirst().orElseThrow();
        double mean = 0;
        for (int i = 32; i < 32 + RECOVERY; i++) {
            mean += normalValue(i) / RECOVERY;
        }
        double var = 0;
        for (int i = 32; i < 32 + RECOVERY; i++) {
            var += (normalValue(i) - mean) * (normalValue(i) - mean) / RECOVERY;
        }
        double sd = Math.sqrt(var);
        for (int h = 1; h <= last.horizon(); h++) {
            assertTrue(Math.abs(last.value(h) - mean) < 5 * sd,
                    "forecast " + last.value(h) + " within 5 sd of the normal values' mean " + mean + " (sd " + sd + ")");
        }
    }
}
