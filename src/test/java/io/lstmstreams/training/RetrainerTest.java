package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.EngineConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetrainerTest {
    /** Feeds sine segments and one event per segment step; returns the published models. */
    private static List<ModelArtefact> backtest(EngineConfig cfg, int segments) {
        List<ModelArtefact> published = new ArrayList<>();
        try (Retrainer r = new Retrainer(cfg, null, published::add)) {
            for (Segment s : TrainingFixtures.sine(new Random(3), segments, 8, 1, 10)) {
                r.offer(s);
                r.onEvents(s.steps());
            }
        }
        return published;
    }

    @Test
    void shouldRetrainOnTheCallersThreadEveryNEventsAndPublishIncreasingVersions() {
        EngineConfig cfg = TrainingFixtures.retrainConfig(80, Duration.ZERO, 64, 4, 3);
        Thread caller = Thread.currentThread();
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        List<ModelArtefact> published = new ArrayList<>();
        try (Retrainer r = new Retrainer(cfg, null, m -> {
            threads.add(Thread.currentThread().getName());
            published.add(m);
        })) {
            int runs = 0;
            for (Segment s : TrainingFixtures.sine(new Random(3), 40, 8, 1, 10)) {
                r.offer(s);
                r.onEvents(s.steps());
            }
            runs = (int) r.runs();
            assertEquals(40 * 8 / 80, runs, "one run per 80 events");
            assertEquals(runs, r.judge().accepted() + r.judge().rejectedNotBetter() + r.judge().rejectedDiverged());
            assertFalse(published.isEmpty(), "a fresh network on a sine is beaten at least once");
            assertEquals(published.get(published.size() - 1), r.champion());
        }
        for (int i = 0; i < published.size(); i++) {
            assertEquals(i + 1, published.get(i).version());
            assertTrue(published.get(i).validationLoss() < Double.MAX_VALUE);
        }
        assertTrue(threads.stream().allMatch(caller.getName()::equals), threads.toString());
    }

    @Test
    void shouldPublishIdenticalModelsForIdenticalBacktests() {
        EngineConfig cfg = TrainingFixtures.retrainConfig(64, Duration.ZERO, 64, 4, 2);
        List<ModelArtefact> a = backtest(cfg, 32);
        List<ModelArtefact> b = backtest(cfg, 32);
        assertFalse(a.isEmpty());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).params(), b.get(i).params());
            assertEquals(a.get(i).version(), b.get(i).version());
        }
    }

    @Test
    void shouldSkipUntilThereIsDataBeyondTheHeldOutSegments() {
        EngineConfig cfg = TrainingFixtures.retrainConfig(1, Duration.ZERO, 64, 4, 1);
        List<ModelArtefact> published = new ArrayList<>();
        try (Retrainer r = new Retrainer(cfg, null, published::add)) {
            for (Segment s : TrainingFixtures.sine(new Random(4), 4, 8, 1, 10)) {
                r.offer(s);
                assertEquals(Optional.empty(), r.onEvents(1));
            }
            assertEquals(0, r.runs());
        }
        assertTrue(published.isEmpty());
    }

    @Test
    void shouldRetrainOnItsOwnThreadByWallTimeAndStopOnClose() throws Exception {
        EngineConfig cfg = TrainingFixtures.retrainConfig(0, Duration.ofMillis(50), 64, 4, 1);
        List<String> threads = new CopyOnWriteArrayList<>();
        Retrainer r = new Retrainer(cfg, null, m -> threads.add(Thread.currentThread().getName()));
        for (Segment s : TrainingFixtures.sine(new Random(5), 24, 8, 1, 10)) {
            r.offer(s);
        }
        assertEquals(Optional.empty(), r.onEvents(1_000_000), "no count trigger when every-events is 0");
        r.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (r.runs() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        r.close();
        long runsAtClose = r.runs();
        assertTrue(runsAtClose >= 2, "ran by wall time: " + runsAtClose);
        assertTrue(threads.stream().allMatch("lstm-retrainer"::equals), threads.toString());
        Thread.sleep(200);
        assertEquals(runsAtClose, r.runs(), "no run after close");
    }

    @Test
    void shouldNeverPublishARetrainingWhoseLossDiverges() {
        EngineConfig cfg = TrainingFixtures.retrainConfig(0, Duration.ZERO, 64, 4, 2);
        List<ModelArtefact> published = new ArrayList<>();
        try (Retrainer r = new Retrainer(cfg, null, published::add)) {
            float[] before = r.champion().params();
            for (Segment s : TrainingFixtures.sine(new Random(6), 16, 8, 1, 10)) {
                // one infinite target per segment: the training loss cannot stay finite
                s.targets()[5][0] = Float.POSITIVE_INFINITY;
                r.offer(s);
            }

            assertEquals(Optional.empty(), r.retrainNow());

            assertEquals(1, r.runs(), "the run happened");
            assertTrue(r.lastOutcome().diverged(), "marked diverged");
            assertEquals(1, r.judge().rejectedDiverged());
            assertEquals(0, r.judge().accepted());
            assertEquals(0, r.champion().version(), "the champion stays");
            assertArrayEquals(before, r.champion().params());
        }
        assertTrue(published.isEmpty(), "nothing published");
    }

    @Test
    void shouldStartTheNextRetrainingFromAnAdoptedNewerModel() {
        EngineConfig cfg = TrainingFixtures.retrainConfig(0, Duration.ZERO, 64, 4, 1);
        try (Retrainer r = new Retrainer(cfg, null, m -> { })) {
            float[] other = r.champion().params();
            other[0] += 1f;
            ModelArtefact newer = ModelArtefact.of(cfg, 7, java.time.Instant.EPOCH, other, 0.1, 0.1);
            r.adopt(newer);
            assertEquals(7, r.champion().version());
            r.adopt(ModelArtefact.of(cfg, 3, java.time.Instant.EPOCH, other, 0.1, 0.1));
            assertEquals(7, r.champion().version(), "older versions are ignored");
            assertNotEquals(0, r.champion().version());
        }
    }
}
