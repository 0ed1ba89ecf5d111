package io.lstmstreams.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import io.lstmstreams.event.Forecast;
import io.lstmstreams.event.Observation;
import io.lstmstreams.training.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ForecastEngineTest {
    private static final long STEP = 1_800_000L;
    /** A series id whose segment phase is 0 for k1 = 10 and 20 ("x".hashCode() is 120). */
    private static final String PHASE_ZERO = "x";

    private static EngineConfig config(String... kv) {
        Properties p = new Properties();
        p.setProperty("model.hidden", "8");
        p.setProperty("features.season.steps", "48");
        p.setProperty("window.size", "200");
        p.setProperty("model.target", "level");
        p.setProperty("forecast.blend.rate", "0");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return EngineConfig.fromProperties(p);
    }

    private static ForecastEngine engine(EngineConfig config, ModelHolder holder) {
        return new ForecastEngine(config, holder);
    }

    private static ModelHolder holder(EngineConfig config) {
        return new ModelHolder(new ForecastModel(0, TestNetworks.lstm(config, 1)));
    }

    private static double wave(int i) {
        return 100 + 20 * Math.sin(2 * Math.PI * i / 48.0);
    }

    @Test
    void shouldForecastEveryHorizonStepForEveryAcceptedEvent() {
        EngineConfig config = config();
        ForecastEngine engine = engine(config, holder(config));
        SeriesState state = null;
        for (int i = 0; i < 100; i++) {
            StepResult r = engine.process(state, Observation.of("k", i * STEP, wave(i)));
            state = r.state();
            Forecast f = r.forecast();
            assertNotNull(f);
            assertEquals(config.horizon(), f.horizon());
            for (int h = 1; h <= f.horizon(); h++) {
                assertTrue(Double.isFinite(f.value(h)));
                assertTrue(f.lower(h) <= f.value(h) && f.value(h) <= f.upper(h));
                if (i > 1) {
                    assertEquals(i * STEP + h * STEP, f.targetTimestamp(h));
                }
            }
        }
        assertEquals(100, state.eventCount());
        assertEquals(99 - 0, state.accuracy().count(1));
        assertEquals(95, state.accuracy().count(5));
    }

    @Test
    void shouldTellTheScoreListenerExactlyWhatTheKeysAccuracyRecordsWithoutChangingForecasts() {
        EngineConfig config = config();
        ModelHolder models = holder(config);
        double[] absErrors = new double[config.horizon() + 1];
        long[] counts = new long[config.horizon() + 1];
        ForecastEngine listened = new ForecastEngine(config, models, (h, actual, forecast, lo, hi, naive) -> {
            absErrors[h] += Math.abs(actual - forecast);
            counts[h]++;
        });
        ForecastEngine plain = engine(config, models);
        SeriesState a = null;
        SeriesState b = null;
        for (int i = 0; i < 120; i++) {
            StepResult ra = listened.process(a, Observation.of("k", i * STEP, wave(i)));
            StepResult rb = plain.process(b, Observation.of("k", i * STEP, wave(i)));
            a = ra.state();
            b = rb.state();
            assertArrayEquals(rb.forecast().values(), ra.forecast().values());
        }
        for (int h = 1; h <= config.horizon(); h++) {
            assertEquals(120 - h, counts[h], "scored at h=" + h);
            assertEquals(a.accuracy().count(h), counts[h]);
            assertEquals(a.accuracy().mae(h), absErrors[h] / counts[h], 1e-9);
        }
        assertEquals(a.pending().latestValue(1), a.pending().value(1, 1));
    }

    @Test
    void shouldRejectDuplicateAndOutOfOrderTimestampsWithoutTouchingState() {
        EngineConfig config = config();
        ForecastEngine engine = engine(config, holder(config));
        SeriesState s = engine.process(null, Observation.of("k", 10 * STEP, 1.0)).state();
        s = engine.process(s, Observation.of("k", 11 * STEP, 2.0)).state();
        SeriesStateCodec codec = new SeriesStateCodec(config);
        byte[] before = codec.encode(s);

        StepResult dup = engine.process(s, Observation.of("k", 11 * STEP, 3.0));
        StepResult old = engine.process(s, Observation.of("k", 5 * STEP, 3.0));

        assertEquals(StepResult.DUPLICATE, dup.rejection());
        assertEquals(StepResult.OUT_OF_ORDER, old.rejection());
        assertNull(dup.forecast());
        assertArrayEquals(before, codec.encode(s));
    }

    @Test
    void shouldCutSegmentsEveryK1EventsWhoseTargetsAreTheKnownFutureValues() {
        EngineConfig config = config("segment.every", "10", "segment.length", "20", "segment.burn-in", "5",
                "training.tbptt.length", "20");
        ForecastEngine engine = engine(config, holder(config));
        assertEquals(0, ForecastEngine.segmentPhase(PHASE_ZERO, 10));
        SeriesState state = null;
        List<Segment> segments = new ArrayList<>();
        List<Integer> cutAt = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            StepResult r = engine.process(state, Observation.of(PHASE_ZERO, i * STEP, wave(i)));
            state = r.state();
            if (r.segment() != null) {
                segments.add(r.segment());
                cutAt.add(i);
            }
        }
        // first cut once burn-in + k2 + horizon events exist and the count is a multiple of k1
        assertEquals(List.of(29, 39, 49, 59, 69, 79, 89, 99, 109, 119), cutAt);
        Segment last = segments.get(segments.size() - 1);
        assertEquals(25, last.steps());
        assertEquals(5, last.lossFrom());
        // the last segment's final step is event 119 - horizon; its h-step target is event 119 - 5 + h
        RunningNormaliser norm = state.normaliser();
        for (int h = 1; h <= 5; h++) {
            assertEquals(norm.normalise((float) wave(114 + h)), last.targets()[24][h - 1], 1e-6);
        }
        assertEquals(norm.normalise((float) wave(114)), last.inputs()[24][0], 1e-6);
    }

    @Test
    void shouldStartStateSavingSegmentsFromTheStateTheStreamHad() {
        EngineConfig config = config("segment.every", "10", "segment.length", "20", "segment.start", "state",
                "training.tbptt.length", "20");
        ForecastEngine engine = engine(config, holder(config));
        SeriesState state = null;
        List<float[]> before = new ArrayList<>();
        Segment segment = null;
        for (int i = 0; i < 60 && segment == null; i++) {
            before.add(state == null ? null : state.cellState());
            StepResult r = engine.process(state, Observation.of("k", i * STEP, wave(i)));
            state = r.state();
            segment = r.segment();
            if (segment != null) {
                // cut at event i; it spans events i - horizon - k2 + 1 .. i - horizon
                int first = i - 5 - 20 + 1;
                assertNotNull(segment.initialState());
                assertArrayEquals(before.get(first), segment.initialState());
                assertEquals(SegmentStart.STATE, config.segmentStart());
            }
        }
        assertNotNull(segment);
    }

    @Test
    void shouldRewarmKeyFromItsWindowWhenAModelIsSwapped() {
        EngineConfig config = config();
        ModelHolder holder = holder(config);
        ForecastEngine engine = engine(config, holder);
        SeriesState state = null;
        for (int i = 0; i < 60; i++) {
            state = engine.process(state, Observation.of("k", i * STEP, wave(i))).state();
        }
        assertTrue(holder.offer(new ForecastModel(1, TestNetworks.lstm(config, 2))));
        StepResult r = engine.process(state, Observation.of("k", 60 * STEP, wave(60)));

        assertEquals(1, r.forecast().modelVersion());
        assertEquals(1, r.state().modelVersion());
        // a fresh key under the new model, fed only the newest event, is in a different state
        SeriesState cold = engine.process(null, Observation.of("k", 60 * STEP, wave(60))).state();
        assertFalse(java.util.Arrays.equals(cold.cellState(), r.state().cellState()));
        assertFalse(holder.offer(new ForecastModel(1, TestNetworks.lstm(config, 3))));
    }

    @Test
    void shouldCutEachKeyEveryK1EventsAtItsOwnPhaseSoThatKeysInLockstepDoNotCutTogether() {
        EngineConfig config = config("segment.every", "10", "segment.length", "20", "segment.burn-in", "5",
                "training.tbptt.length", "20");
        ForecastEngine engine = engine(config, holder(config));
        int keys = 200;
        SeriesState[] states = new SeriesState[keys];
        Map<Integer, Integer> cutsPerEvent = new TreeMap<>();
        Map<Integer, List<Integer>> cutsPerKey = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            for (int k = 0; k < keys; k++) {
                StepResult r = engine.process(states[k], Observation.of("meter-" + k, i * STEP, wave(i + k)));
                states[k] = r.state();
                if (r.segment() != null) {
                    cutsPerEvent.merge(i, 1, Integer::sum);
                    cutsPerKey.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
                }
            }
        }
        for (int k = 0; k < keys; k++) {
            List<Integer> cuts = cutsPerKey.get(k);
            for (int j = 1; j < cuts.size(); j++) {
                assertEquals(10, cuts.get(j) - cuts.get(j - 1), "key " + k + " cuts every k1 events");
            }
            assertEquals(Math.floorMod(-1 - ForecastEngine.segmentPhase("meter-" + k, 10), 10), cuts.get(0) % 10);
        }
        // once every key cuts, a tenth of them cut at each event, give or take the hash's spread
        for (int i = 40; i < 100; i++) {
            int cuts = cutsPerEvent.getOrDefault(i, 0);
            assertTrue(cuts > 0 && cuts <= keys / 5, "event " + i + ": " + cuts + " of " + keys + " keys cut");
        }
    }

    @Test
    void shouldCutContiguousNonOverlappingSegmentsWhenK1EqualsK2() {
        EngineConfig config = config("segment.every", "20", "segment.length", "20", "segment.start", "zeros",
                "training.tbptt.length", "20");
        ForecastEngine engine = engine(config, holder(config));
        assertEquals(0, ForecastEngine.segmentPhase(PHASE_ZERO, 20));
        SeriesState state = null;
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            StepResult r = engine.process(state,
                    Observation.of(PHASE_ZERO, i * STEP, 100 + 20 * Math.sin(2 * Math.PI * i / 10.0)));
            state = r.state();
            if (r.segment() != null) {
                segments.add(r.segment());
            }
        }
        assertEquals(9, segments.size());
        RunningNormaliser norm = state.normaliser();
        // a period of 10 steps puts every cut after whole periods, so each cut sees the same
        // normaliser and consecutive segments must join up exactly
        for (int i = 1; i < segments.size(); i++) {
            Segment previous = segments.get(i - 1);
            Segment next = segments.get(i);
            assertEquals(0, next.lossFrom());
            // the step after the previous segment's last is the next segment's first: no gap, no overlap
            assertEquals(previous.targets()[19][0], next.inputs()[0][0], 1e-4);
        }
        assertEquals(norm.normalise((float) (100 + 20 * Math.sin(2 * Math.PI * 194 / 10.0))),
                segments.get(8).inputs()[19][0], 1e-6);
    }

    @Test
    void shouldTrainAndForecastChangesFromTheCurrentValueInChangeMode() {
        EngineConfig level = config("segment.every", "10", "segment.length", "20", "training.tbptt.length", "20");
        EngineConfig change = config("segment.every", "10", "segment.length", "20", "training.tbptt.length", "20",
                "model.target", "change");
        ModelHolder models = holder(level);
        ForecastEngine levelEngine = engine(level, models);
        ForecastEngine changeEngine = engine(change, models);
        SeriesState a = null;
        SeriesState b = null;
        StepResult ra = null;
        StepResult rb = null;
        assertEquals(0, ForecastEngine.segmentPhase(PHASE_ZERO, 10));
        for (int i = 0; i < 60; i++) {
            Observation o = Observation.of(PHASE_ZERO, i * STEP, wave(i));
            ra = levelEngine.process(a, o);
            rb = changeEngine.process(b, o);
            a = ra.state();
            b = rb.state();
        }
        RunningNormaliser norm = b.normaliser();
        float current = norm.normalise((float) wave(59));
        // same weights, same outputs: the change forecast is the level forecast shifted by the current value
        for (int h = 1; h <= 5; h++) {
            assertEquals(ra.forecast().value(h) + current * norm.scale(), rb.forecast().value(h), 1e-6);
        }
        Segment s = rb.segment();
        assertNotNull(s);
        for (int h = 1; h <= 5; h++) {
            float base = norm.normalise((float) wave(54));
            assertEquals(norm.normalise((float) wave(54 + h)) - base, s.targets()[s.steps() - 1][h - 1], 1e-6);
        }
    }
}
