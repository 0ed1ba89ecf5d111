package io.lstmstreams.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ShiftBlendTest {
    @Test
    void shouldTrustAModelWhoseCorrectionsAreRight() {
        ShiftBlend blend = new ShiftBlend(1, 0.01);
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            double change = random.nextGaussian();
            blend.observe(1, change + 0.05 * random.nextGaussian(), change);
        }
        assertEquals(1.0, blend.weight(1), 0.05);
    }

    @Test
    void shouldFallBackToPersistenceWhenTheModelOnlyAddsNoise() {
        ShiftBlend blend = new ShiftBlend(1, 0.01);
        Random random = new Random(2);
        for (int i = 0; i < 2000; i++) {
            blend.observe(1, random.nextGaussian(), 0.1 * random.nextGaussian());
        }
        assertTrue(blend.weight(1) < 0.1, "weight " + blend.weight(1));
    }

    @Test
    void shouldShrinkAnOverconfidentModelToTheLeastSquaresWeight() {
        ShiftBlend blend = new ShiftBlend(1, 0.005);
        Random random = new Random(3);
        for (int i = 0; i < 5000; i++) {
            double change = random.nextGaussian();
            blend.observe(1, 2 * change, change);
        }
        assertEquals(0.5, blend.weight(1), 0.01);
    }

    @Test
    void shouldUseTheModelAloneWhenTheRateIsZeroOrBeforeAnyEvidence() {
        ShiftBlend off = new ShiftBlend(2, 0.0);
        off.observe(1, 1.0, -1.0);
        assertEquals(1.0, off.weight(1));
        assertEquals(1.0, new ShiftBlend(2, 0.01).weight(2));
    }
}
