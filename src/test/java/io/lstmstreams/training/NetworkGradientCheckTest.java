package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's own finite-difference check on the network exactly as {@link NetworkFactory} builds it for
 * training (two recurrent layers, identity head, MSE, clipping, TBPTT config, a burn-in label mask);
 * only the updater is NoOp, as GradientCheckUtil requires.
 */
class NetworkGradientCheckTest {
    private static DataType previousDefault;

    @BeforeAll
    static void doublePrecision() {
        previousDefault = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restorePrecision() {
        Nd4j.setDefaultDataTypes(previousDefault, previousDefault);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void shouldPassDl4jsGradientCheckWithABurnInMask(CellType cell) {
        EngineConfig cfg = TrainingFixtures.config(cell, new int[] {4, 3}, 2, 6, 6, SegmentStart.BURN_IN, 1, 3,
                0.01);
        MultiLayerNetwork net = NetworkFactory.create(cfg, DataType.DOUBLE, new NoOp());
        List<Segment> segments = TrainingFixtures.randomSegments(new Random(9), 3, 6, cfg.inputSize(), 2, 0);
        // small targets keep the gradient under the clipping threshold: clipping is configured but inactive
        segments = segments.stream()
                .map(s -> new Segment(s.seriesId(), s.inputs(), s.targets(), 2, null))
                .toList();
        SegmentBatch b = SegmentBatch.of(segments, cell, cfg.hiddenSizes(), cfg.inputSize(), cfg.horizon(), false,
                DataType.DOUBLE);

        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(net)
                .input(b.features())
                .labels(b.labels())
                .labelMask(b.labelMask())
                .epsilon(1e-6)
                .maxRelError(1e-3)
                .minAbsoluteError(1e-8)
                .exitOnFirstError(false));

        assertTrue(ok, "DL4J gradient check for " + cell);
    }
}
