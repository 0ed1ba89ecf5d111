package io.lstmstreams.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccuracyWindowTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AccuracyWindow window = new AccuracyWindow(2, Duration.ofSeconds(60), 6, now::get);

    @Test
    void shouldComputeTheSameStatisticsAsTheKeysOnlineAccuracy() {
        // errors 2 and -4; naive errors 4 and 4; the second actual falls outside its interval
        window.scored(1, 10, 8, 5, 15, 6);
        window.scored(1, 20, 24, 22, 26, 16);
        AccuracyWindow.Stats s = window.stats(1);
        assertEquals(2, s.count());
        assertEquals(3.0, s.mae(), 1e-12);
        assertEquals(Math.sqrt((4 + 16) / 2.0), s.rmse(), 1e-12);
        assertEquals((2 * 2 / 18.0 + 2 * 4 / 44.0) / 2, s.smape(), 1e-12);
        assertEquals(6.0 / 8.0, s.mase(), 1e-12);
        assertEquals(0.5, s.coverage(), 1e-12);
    }

    @Test
    void shouldKeepHorizonsApartAndReportNaNWhereNothingWasScored() {
        window.scored(2, 10, 9, 0, 20, 10);
        assertEquals(0, window.stats(1).count());
        assertTrue(Double.isNaN(window.stats(1).mae()));
        assertTrue(Double.isNaN(window.stats(1).coverage()));
        assertEquals(1, window.stats(2).count());
    }

    @Test
    void shouldForgetScoresOlderThanTheWindow() {
        window.scored(1, 10, 0, 0, 0, 0);
        now.addAndGet(30_000);
        window.scored(1, 10, 9, 0, 20, 0);
        assertEquals(2, window.stats(1).count());
        now.addAndGet(40_000);
        AccuracyWindow.Stats s = window.stats(1);
        assertEquals(1, s.count(), "the first score is 70 s old, beyond the 60 s window");
        assertEquals(1.0, s.mae(), 1e-12);
        now.addAndGet(60_000);
        assertEquals(0, window.stats(1).count());
    }

    @Test
    void shouldReuseAnExpiredBucketWithoutCarryingItsOldSums() {
        window.scored(1, 10, 0, 0, 0, 0);
        now.addAndGet(60_000); // same slot of the ring, a different bucket
        window.scored(1, 10, 10, 0, 20, 0);
        assertEquals(1, window.stats(1).count());
        assertEquals(0.0, window.stats(1).mae(), 1e-12);
    }

    @Test
    void shouldIgnoreStepsBeyondTheHorizonAndNonFiniteValues() {
        window.scored(3, 1, 1, 0, 2, 1);
        window.scored(0, 1, 1, 0, 2, 1);
        window.scored(1, Double.NaN, 1, 0, 2, 1);
        assertEquals(0, window.stats(1).count());
        assertThrows(IllegalArgumentException.class, () -> new AccuracyWindow(0, Duration.ofSeconds(1), 1, now::get));
    }

    @Test
    void shouldCountEveryScoreRecordedConcurrently() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    window.scored(1 + i % 2, 2, 1, 0, 3, 0);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(20_000, window.stats(1).count());
        assertEquals(20_000, window.stats(2).count());
        assertEquals(1.0, window.stats(1).coverage(), 1e-12);
    }
}
