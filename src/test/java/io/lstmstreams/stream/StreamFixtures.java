package io.lstmstreams.stream;

import io.lstmstreams.cell.DenseHead;
import io.lstmstreams.cell.LstmLayer;
import io.lstmstreams.cell.RecurrentLayer;
import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.engine.ModelHolder;
import io.lstmstreams.training.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/** A small engine configuration, random kernels shaped for it (no DL4J), and event bytes. */
public final class StreamFixtures {
    /** Half an hour, the default series step. */
    static final long STEP = 1_800_000L;
    /** 2024-01-01T00:00:00Z. */
    static final long T0 = 1_704_067_200_000L;

    private StreamFixtures() {
    }

    /**
     * Horizon 3, hidden 4, no season; a segment every 4 events of a key, spanning 2 burn-in + 4
     * steps, so the first one comes at event 12 (the window must also hold the 3 targets).
     */
    static EngineConfig engineConfig() {
        return EngineConfig.fromProperties(engineProperties());
    }

    /** The keys of {@link #engineConfig()}, for an application config. */
    public static Properties engineProperties() {
        Properties p = new Properties();
        p.setProperty("model.horizon", "3");
        p.setProperty("model.hidden", "4");
        p.setProperty("features.season.steps", "0");
        p.setProperty("window.size", "32");
        p.setProperty("segment.every", "4");
        p.setProperty("segment.length", "4");
        p.setProperty("segment.burn-in", "2");
        p.setProperty("training.tbptt.length", "4");
        return p;
    }

    static ModelHolder holder(EngineConfig config) {
        return new ModelHolder(new ForecastModel(0, network(config, 1)));
    }

    /** A random LSTM kernel with the config's input and output sizes. */
    static RecurrentNetwork network(EngineConfig config, long seed) {
        return network(config.inputSize(), config.hiddenSizes()[0], config.horizon(), seed);
    }

    static RecurrentNetwork network(int inputs, int hidden, int outputs, long seed) {
        Random random = new Random(seed);
        List<RecurrentLayer> layers = new ArrayList<>();
        layers.add(new LstmLayer(inputs, hidden, randoms(random, inputs * 4 * hidden),
                randoms(random, hidden * 4 * hidden), randoms(random, 4 * hidden)));
        DenseHead head = new DenseHead(hidden, outputs, randoms(random, hidden * outputs), randoms(random, outputs));
        return new RecurrentNetwork(layers, head);
    }

    /**
     * A stand-in for the real artefact format: 8 bytes of version, 4 of input size; anything else is
     * rejected as an unknown format. Builds a random kernel of that version.
     */
    static ModelDecoder fakeDecoder(EngineConfig config) {
        return bytes -> {
            if (bytes.length != 12) {
                throw new ModelFormatException(ModelFormatException.Reason.UNKNOWN_FORMAT,
                        bytes.length + " bytes, the fake format has 12");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            long version = buf.getLong();
            int inputs = buf.getInt();
            return new ForecastModel(version, network(inputs, config.hiddenSizes()[0], config.horizon(), version));
        };
    }

    static byte[] fakeArtefact(long version, int inputs) {
        return ByteBuffer.allocate(12).putLong(version).putInt(inputs).array();
    }

    private static float[] randoms(Random random, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (random.nextGaussian() * 0.3);
        }
        return a;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An event value at step i of a smooth daily wave. */
    static byte[] event(int i) {
        return eventAt(T0 + i * STEP, 100 + 20 * Math.sin(2 * Math.PI * i / 48.0));
    }

    static byte[] eventAt(long ts, double value) {
        return utf8("{\"ts\":" + ts + ",\"value\":" + value + "}");
    }
}
