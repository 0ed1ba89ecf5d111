package io.lstmstreams.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.event.Observation;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SeriesStateCodecTest {
    private static final long STEP = 60_000L;

    private static EngineConfig config(int hidden, String start) {
        Properties p = new Properties();
        p.setProperty("model.hidden", Integer.toString(hidden));
        p.setProperty("features.season.steps", "24");
        p.setProperty("window.size", "120");
        p.setProperty("segment.start", start);
        return EngineConfig.fromProperties(p);
    }

    private static SeriesState run(EngineConfig config, int events) {
        return run(config, events, null);
    }

    /** The key after {@code events} events, stored along the way into {@code stored} when given. */
    private static SeriesState run(EngineConfig config, int events, StoredKey stored) {
        ForecastEngine engine = new ForecastEngine(config,
                new ModelHolder(new ForecastModel(3, TestNetworks.lstm(config, 7))));
        SeriesState s = null;
        for (int i = 0; i < events; i++) {
            s = engine.process(s, Observation.of("key", 1_000_000 + i * STEP + (i % 3), Math.cos(i / 5.0) * 10)).state();
            if (stored != null) {
                stored.store(s);
            }
        }
        return s;
    }

    private static void assertSameWindow(ObservationWindow expected, ObservationWindow actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.timestamp(i), actual.timestamp(i), "timestamp " + i);
            assertEquals(expected.value(i), actual.value(i), "value " + i);
        }
    }

    @Test
    void shouldRoundTripEveryFieldOfAKeyState() {
        for (String start : new String[] {"burn-in", "state"}) {
            EngineConfig config = config(16, start);
            SeriesStateCodec codec = new SeriesStateCodec(config);
            StoredKey stored = new StoredKey(codec);
            SeriesState original = run(config, 300, stored);
            byte[] bytes = stored.state;
            SeriesState copy = stored.load();

            assertArrayEquals(bytes, codec.encode(copy));
            assertSameWindow(original.window(), copy.window());
            assertArrayEquals(original.cellState(), copy.cellState());
            assertEquals(original.eventCount(), copy.eventCount());
            assertEquals(original.lastTimestamp(), copy.lastTimestamp());
            assertEquals(original.normaliser().mean(), copy.normaliser().mean());
            assertEquals(original.window().size(), copy.window().size());
            assertEquals(original.accuracy().mae(3), copy.accuracy().mae(3));
        }
    }

    @Test
    void shouldGiveEveryEncodingItsOwnBytes_EvenAfterAStateLargerThanTheInitialBuffer() {
        EngineConfig small = config(4, "burn-in");
        SeriesStateCodec smallCodec = new SeriesStateCodec(small);
        StoredKey first = new StoredKey(smallCodec);
        run(small, 40, first);
        byte[] firstBytes = first.state;
        byte[] firstCopy = firstBytes.clone();
        byte[] second = smallCodec.encode(run(small, 70));
        assertEquals(false, Arrays.equals(firstBytes, second));
        assertArrayEquals(firstCopy, firstBytes, "a later encoding changed an earlier one's bytes");

        EngineConfig large = config(1024, "burn-in");
        SeriesStateCodec largeCodec = new SeriesStateCodec(large);
        StoredKey big = new StoredKey(largeCodec);
        run(large, 3, big);
        assertTrue(big.state.length > SeriesStateCodec.INITIAL_SCRATCH_BYTES, "the large state is "
                + big.state.length + " bytes");
        assertArrayEquals(big.state, largeCodec.encode(big.load()));
        assertArrayEquals(firstCopy, smallCodec.encode(first.load()));
    }

    @Test
    void shouldDecodeAStateThatContinuesExactlyLikeTheOriginal() {
        EngineConfig config = config(8, "burn-in");
        SeriesStateCodec codec = new SeriesStateCodec(config);
        ForecastEngine engine = new ForecastEngine(config,
                new ModelHolder(new ForecastModel(3, TestNetworks.lstm(config, 7))));
        StoredKey stored = new StoredKey(codec);
        SeriesState a = run(config, 50, stored);
        SeriesState b = stored.load();
        Observation next = Observation.of("key", 1_000_000 + 50 * STEP, 4.2);
        assertArrayEquals(engine.process(a, next).forecast().values(), engine.process(b, next).forecast().values());
    }

    @Test
    void shouldRejectEveryTruncationAndEveryFlippedByte() {
        EngineConfig config = config(4, "state");
        SeriesStateCodec codec = new SeriesStateCodec(config);
        byte[] bytes = codec.encode(run(config, 60));
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThrows(StateFormatException.class, () -> codec.decode(prefix), "prefix " + n);
        }
        for (int i = 0; i < bytes.length; i++) {
            byte[] flipped = bytes.clone();
            flipped[i] ^= 0x10;
            assertThrows(StateFormatException.class, () -> codec.decode(flipped), "flip at " + i);
        }
        assertThrows(StateFormatException.class, () -> codec.decode(null));
    }

    @Test
    void shouldRejectAStateMadeForAnotherHorizon() {
        EngineConfig five = config(4, "burn-in");
        Properties p = new Properties();
        p.setProperty("model.hidden", "4");
        p.setProperty("model.horizon", "3");
        p.setProperty("features.season.steps", "24");
        p.setProperty("window.size", "120");
        EngineConfig three = EngineConfig.fromProperties(p);
        byte[] bytes = new SeriesStateCodec(five).encode(run(five, 10));
        StateFormatException e = assertThrows(StateFormatException.class,
                () -> new SeriesStateCodec(three).decode(bytes));
        assertTrue(e.getMessage().contains("horizon"));
    }

    @Test
    void shouldKeepAHidden32KeyCompactBesidesItsWindow() {
        EngineConfig config = config(32, "burn-in");
        SeriesStateCodec codec = new SeriesStateCodec(config);
        StoredKey stored = new StoredKey(codec);
        SeriesState s = run(config, 300, stored);
        int unsealed = 300 % WindowChunkCodec.MAX_LENGTH;
        int tail = unsealed * (4 + 1) + 12; // float values + 1-byte delta-of-deltas (jitter of 2 ms)
        // (c, h) = 256 bytes, pending 5x5x4 floats = 400, accuracy 5x(34..) ≈ 180, shift blend 80,
        // calibration 40, the rest small
        assertTrue(stored.state.length - tail < 1100, "bytes besides the unsealed window: " + (stored.state.length - tail));
        assertEquals(120, s.window().size());
        assertEquals(unsealed, codec.decode(stored.state).window().size(), "the rest of the window is in chunks");
    }

    @Test
    void shouldKeepOnlyTheChunksThatHoldPartOfTheWindow() {
        EngineConfig config = config(4, "burn-in");
        StoredKey stored = new StoredKey(new SeriesStateCodec(config));
        run(config, 1000, stored);

        // window 120 = events 880..999; chunks of 32: 27 (864..895) to 30 (960..991); 992..999 unsealed
        assertEquals(java.util.List.of(27L, 28L, 29L, 30L), java.util.List.copyOf(stored.chunks.keySet()));
    }

    @Test
    void shouldShortenTheWindowToWhatFollowsAMissingChunk() {
        EngineConfig config = config(4, "burn-in");
        StoredKey stored = new StoredKey(new SeriesStateCodec(config));
        SeriesState original = run(config, 1000, stored);

        stored.chunks.remove(29L);
        SeriesState loaded = stored.load();

        // what follows chunk 29 (928..959): chunk 30 and the 8 unsealed
        assertEquals(40, loaded.window().size());
        assertEquals(original.window().timestamp(80), loaded.window().timestamp(0));
        assertEquals(original.eventCount(), loaded.eventCount());
    }

    @Test
    void shouldTreatACorruptChunkAsMissing() {
        EngineConfig config = config(4, "burn-in");
        StoredKey stored = new StoredKey(new SeriesStateCodec(config));
        run(config, 1000, stored);
        byte[] chunk = stored.chunks.get(30L);
        for (int i = 0; i < chunk.length; i++) {
            byte[] flipped = chunk.clone();
            flipped[i] ^= 0x08;
            stored.chunks.put(30L, flipped);
            assertEquals(8, stored.load().window().size(), "flip at " + i);
        }
        stored.chunks.put(30L, stored.chunks.get(29L));
        assertEquals(8, stored.load().window().size(), "another chunk's bytes under this number");
    }

    @Test
    void shouldKeepAReadableStateAfterExtremeButFiniteValues() {
        EngineConfig config = config(8, "burn-in");
        SeriesStateCodec codec = new SeriesStateCodec(config);
        ForecastEngine engine = new ForecastEngine(config,
                new ModelHolder(new ForecastModel(1, TestNetworks.lstm(config, 7))));
        StoredKey stored = new StoredKey(codec);
        SeriesState s = null;
        int i = 0;
        for (; i < 40; i++) {
            s = engine.process(s, Observation.of("key", i * STEP, 10 + Math.sin(i))).state();
        }
        for (double extreme : new double[] {1e300, -1e300, Double.MAX_VALUE}) {
            StepResult r = engine.process(s, Observation.of("key", i++ * STEP, extreme));
            stored.store(r.state());
            s = stored.load();
            for (int h = 1; h <= 5; h++) {
                assertTrue(Double.isFinite(r.forecast().value(h)) && Double.isFinite(r.forecast().upper(h)));
            }
        }
        StepResult last = null;
        for (int k = 0; k < 30; k++, i++) {
            last = engine.process(s, Observation.of("key", i * STEP, 10 + Math.sin(i)));
            stored.store(last.state());
            s = stored.load();
        }
        assertTrue(Double.isFinite(s.accuracy().rmse(1)));
        assertTrue(Math.abs(last.forecast().value(1) - 10) < 50, "forecast " + last.forecast().value(1));
    }
}
