package io.lstmstreams.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IntervalCalibratorTest {
    @Test
    void shouldConvergeToNominalCoverageOnItsOwnResiduals() {
        IntervalCalibrator c = new IntervalCalibrator(2, 0.9);
        Random random = new Random(3);
        int hits = 0;
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            double r = random.nextGaussian() * 0.3 + 0.1;
            if (i >= 10_000 && r <= c.upperOffset(1) && -r <= c.lowerOffset(1)) {
                hits++;
            }
            c.observe(1, r);
        }
        double coverage = hits / (double) (n - 10_000);
        assertEquals(0.9, coverage, 0.015);
        // asymmetric residuals give an asymmetric interval
        assertTrue(c.upperOffset(1) > c.lowerOffset(1));
        // the untouched horizon keeps its initial width
        assertEquals(IntervalCalibrator.INITIAL_OFFSET, c.upperOffset(2));
    }
}
