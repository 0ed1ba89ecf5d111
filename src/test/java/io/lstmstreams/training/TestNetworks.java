package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small DL4J networks of chosen shapes for kernel tests and benchmarks. */
public final class TestNetworks {
    private TestNetworks() {
    }

    /**
     * A config with the given cell, hidden sizes and horizon. The input size follows from the
     * features: 1 (the value), plus 4 with calendar features, plus {@code horizon} with seasonal lags.
     */
    public static EngineConfig config(CellType cell, int horizon, boolean calendar, boolean seasonalLags,
            int... hidden) {
        Properties p = new Properties();
        p.setProperty("model.cell", cell.name());
        p.setProperty("model.horizon", Integer.toString(horizon));
        p.setProperty("model.hidden", Arrays.stream(hidden).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
        p.setProperty("features.calendar", Boolean.toString(calendar));
        p.setProperty("features.elapsed", "false");
        p.setProperty("features.season.steps", "24");
        p.setProperty("features.seasonal-lags", Boolean.toString(seasonalLags));
        return EngineConfig.fromProperties(p);
    }

    /**
     * Adds Gaussian noise of standard deviation {@code scale} to every parameter but the recurrent
     * matrices, which get {@code recurrentScale}, so that weights look trained: input weights and
     * biases large enough to drive gates into saturation, recurrent weights kept from making the
     * dynamics chaotic (where any two float implementations part ways, DL4J against itself in
     * another summation order included).
     */
    public static void perturb(MultiLayerNetwork net, double scale, double recurrentScale, long seed) {
        Random random = new Random(seed);
        for (Layer layer : net.getLayers()) {
            for (Map.Entry<String, INDArray> param : new TreeMap<>(layer.paramTable()).entrySet()) {
                double sd = param.getKey().equals("RW") ? recurrentScale : scale;
                INDArray view = param.getValue();
                float[] noise = new float[(int) view.length()];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (float) (sd * random.nextGaussian());
                }
                view.addi(Nd4j.create(noise, view.shape(), view.ordering()));
            }
        }
    }
}
