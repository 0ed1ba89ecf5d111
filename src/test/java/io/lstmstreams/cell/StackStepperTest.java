package io.lstmstreams.cell;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stepper on hand-made weights: state layout, isolation of caller-held states, allocation. */
class StackStepperTest {
    private static final int N_IN = 10;
    private static final int HIDDEN = 32;
    private static final int HORIZON = 5;

    @Test
    void shouldLayOutStateAsHThenCPerLayerBottomFirst() {
        RecurrentNetwork net = lstmStack(new Random(1), N_IN, 6, 4);
        assertEquals(2 * 6 + 2 * 4, net.stateSize());
        float[] state = new float[net.stateSize()];
        float[] out = new float[HORIZON];
        net.newStepper().step(state, inputs(new Random(2), 1)[0], out);
        // the head reads the top layer's h: recompute it from that slice alone
        float[] expected = new float[HORIZON];
        net.head().apply(state, 12, expected);
        assertArrayEquals(expected, out);
        // h = o tanh(c) with 0 < o < 1 in every layer
        for (int[] slice : new int[][] {{0, 6}, {12, 4}}) {
            for (int k = 0; k < slice[1]; k++) {
                float h = state[slice[0] + k];
                float c = state[slice[0] + slice[1] + k];
                assertTrue(Math.abs(h) < Math.abs(Math.tanh(c)) + 1e-6, "h " + h + " c " + c);
            }
        }
    }

    @Test
    void shouldAdvanceExactlyLikeStepWithoutTheHead() {
        RecurrentNetwork net = lstmStack(new Random(3), N_IN, HIDDEN);
        NetworkStepper stepper = net.newStepper();
        float[] a = new float[net.stateSize()];
        float[] b = new float[net.stateSize()];
        float[] out = new float[HORIZON];
        for (float[] x : inputs(new Random(4), 100)) {
            stepper.step(a, x, out);
            stepper.advance(b, x);
        }
        assertArrayEquals(a, b);
    }

    @Test
    void shouldKeepCallerHeldStatesIndependent() {
        RecurrentNetwork net = lstmStack(new Random(5), N_IN, HIDDEN);
        NetworkStepper shared = net.newStepper();
        float[][] xs = inputs(new Random(6), 200);
        float[] alone = new float[net.stateSize()];
        float[] interleaved = new float[net.stateSize()];
        float[] other = new float[net.stateSize()];
        float[] out = new float[HORIZON];
        NetworkStepper own = net.newStepper();
        for (int t = 0; t < xs.length; t++) {
            own.advance(alone, xs[t]);
            shared.advance(interleaved, xs[t]);
            shared.step(other, xs[xs.length - 1 - t], out);
        }
        assertArrayEquals(alone, interleaved);
    }

    @Test
    void shouldRejectAStateOfTheWrongSize() {
        RecurrentNetwork net = lstmStack(new Random(7), N_IN, HIDDEN);
        assertThrows(IllegalArgumentException.class,
                () -> net.newStepper().advance(new float[net.stateSize() - 1], new float[N_IN]));
    }

    @Test
    void shouldNotAllocatePerStep() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (RecurrentNetwork net : List.of(lstmStack(new Random(8), N_IN, HIDDEN, 16),
                rnnStack(new Random(9), N_IN, HIDDEN))) {
            NetworkStepper stepper = net.newStepper();
            float[] state = new float[net.stateSize()];
            float[] out = new float[HORIZON];
            float[][] xs = inputs(new Random(10), 64);
            for (int t = 0; t < 50_000; t++) {
                stepper.step(state, xs[t & 63], out);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int t = 0; t < 10_000; t++) {
                stepper.step(state, xs[t & 63], out);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            // one object per step would be 160 kB; the allowance covers the measurement itself
            assertTrue(allocated < 1_024, allocated + " bytes allocated over 10,000 steps");
        }
    }

    static RecurrentNetwork lstmStack(Random random, int nIn, int... hidden) {
        List<RecurrentLayer> layers = new ArrayList<>();
        int in = nIn;
        for (int h : hidden) {
            layers.add(new LstmLayer(in, h, gaussian(random, in * 4 * h, 0.3), gaussian(random, h * 4 * h, 0.2),
                    gaussian(random, 4 * h, 0.5)));
            in = h;
        }
        return new RecurrentNetwork(layers, new DenseHead(in, HORIZON, gaussian(random, in * HORIZON, 0.5),
                gaussian(random, HORIZON, 0.5)));
    }

    static RecurrentNetwork rnnStack(Random random, int nIn, int hidden) {
        return new RecurrentNetwork(List.of(new SimpleRnnLayer(nIn, hidden, gaussian(random, nIn * hidden, 0.3),
                gaussian(random, hidden * hidden, 0.1), gaussian(random, hidden, 0.5))),
                new DenseHead(hidden, HORIZON, gaussian(random, hidden * HORIZON, 0.5), gaussian(random, HORIZON, 0.5)));
    }

    private static float[] gaussian(Random random, int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (sd * random.nextGaussian());
        }
        return v;
    }

    private static float[][] inputs(Random random, int steps) {
        float[][] xs = new float[steps][N_IN];
        for (float[] x : xs) {
            for (int i = 0; i < N_IN; i++) {
                x[i] = (float) random.nextGaussian();
            }
        }
        return xs;
    }
}
