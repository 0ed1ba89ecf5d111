package io.lstmstreams.engine;

import io.lstmstreams.cell.DenseHead;
import io.lstmstreams.cell.LstmLayer;
import io.lstmstreams.cell.RecurrentLayer;
import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.config.EngineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small random LSTM kernels shaped for a config, built without DL4J. */
final class TestNetworks {
    private TestNetworks() {
    }

    static RecurrentNetwork lstm(EngineConfig config, long seed) {
        Random random = new Random(seed);
        List<RecurrentLayer> layers = new ArrayList<>();
        int nIn = config.inputSize();
        for (int hidden : config.hiddenSizes()) {
            layers.add(new LstmLayer(nIn, hidden, randoms(random, nIn * 4 * hidden),
                    randoms(random, hidden * 4 * hidden), randoms(random, 4 * hidden)));
            nIn = hidden;
        }
        DenseHead head = new DenseHead(nIn, config.horizon(), randoms(random, nIn * config.horizon()),
                randoms(random, config.horizon()));
        return new RecurrentNetwork(layers, head);
    }

    private static float[] randoms(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * 0.3);
        }
        return a;
    }
}
