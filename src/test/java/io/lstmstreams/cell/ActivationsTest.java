package io.lstmstreams.cell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsTest {
    private static final double TANH_MAX_ERROR = 4.2e-7;

    @Test
    void shouldApproximateTanhWithinFourTenthsOfAMillionthEverywhere() {
        double max = 0;
        double sum = 0;
        int n = 0;
        for (double x = -20; x <= 20; x += 1e-4) {
            float xf = (float) x;
            double err = Math.abs(Activations.tanh(xf) - Math.tanh(xf));
            max = Math.max(max, err);
            sum += err;
            n++;
        }
        assertTrue(max <= TANH_MAX_ERROR, "max error " + max);
        assertTrue(sum / n < 5e-8, "mean error " + sum / n);
    }

    @Test
    void shouldKeepTanhRelativelyAccurateNearZero() {
        for (float x = 1e-7f; x < 1e-2f; x *= 1.1f) {
            double rel = Math.abs(Activations.tanh(x) - Math.tanh(x)) / Math.tanh(x);
            assertTrue(rel < 3e-7, "x " + x + " relative error " + rel);
        }
        assertEquals(0.0f, Activations.tanh(0.0f));
    }

    @Test
    void shouldBeOddAndSaturateToPlusMinusOne() {
        for (float x = 0; x < 30; x += 0.01f) {
            assertEquals(-Activations.tanh(x), Activations.tanh(-x));
        }
        assertEquals(1.0f, Activations.tanh(1e30f), 1e-7f);
        assertEquals(-1.0f, Activations.tanh(Float.NEGATIVE_INFINITY), 1e-7f);
        assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
    }

    @Test
    void shouldApproximateSigmoidWithinHalfTheTanhError() {
        double max = 0;
        for (double x = -40; x <= 40; x += 1e-3) {
            float xf = (float) x;
            max = Math.max(max, Math.abs(Activations.sigmoid(xf) - 1.0 / (1.0 + Math.exp(-xf))));
        }
        assertTrue(max <= TANH_MAX_ERROR / 2 + 6e-8, "max error " + max);
    }

    @Test
    void shouldApplyTanhInPlaceOverARangeOnly() {
        float[] v = {5f, 0.5f, -0.5f, 5f};
        Activations.tanhInPlace(v, 1, 3);
        assertEquals(5f, v[0]);
        assertEquals(Math.tanh(0.5), v[1], 1e-6);
        assertEquals(Math.tanh(-0.5), v[2], 1e-6);
        assertEquals(5f, v[3]);
    }
}
