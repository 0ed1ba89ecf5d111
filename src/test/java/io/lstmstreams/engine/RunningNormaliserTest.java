package io.lstmstreams.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunningNormaliserTest {
    @Test
    void shouldMatchThePopulationMeanAndStandardDeviationOfThePast() {
        RunningNormaliser n = new RunningNormaliser();
        double[] xs = {2, 4, 4, 4, 5, 5, 7, 9};
        for (double x : xs) {
            n.update(x);
        }
        assertEquals(5.0, n.mean(), 1e-12);
        assertEquals(2.0, n.scale(), 1e-12);
        assertEquals(1.0, n.normalise(7), 1e-6);
        assertEquals(7.0, n.denormalise(1.0), 1e-12);
    }

    @Test
    void shouldNotBePoisonedByOneExtremeFiniteValue() {
        RunningNormaliser n = new RunningNormaliser();
        for (int i = 0; i < 100; i++) {
            n.update(10 + (i % 2));
        }
        n.update(1e300);
        n.update(-1e300);
        assertTrue(Double.isFinite(n.scale()));
        assertTrue(n.mean() > 9 && n.mean() < 12, "mean " + n.mean());
        assertTrue(n.scale() < 5, "scale " + n.scale());
        assertEquals(RunningNormaliser.MAX_NORMALISED, n.normalise(1e300));
    }

    @Test
    void shouldNormaliseAConstantSeriesToZero() {
        RunningNormaliser n = new RunningNormaliser();
        for (int i = 0; i < 50; i++) {
            n.update(3.0);
        }
        assertEquals(0f, n.normalise(3.0));
        assertTrue(n.scale() > 0);
    }
}
