package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The fused-op path takes exactly the steps of the layer-by-layer path. */
class FusedLstmTbpttTest {
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

    @Test
    void shouldTrainExactlyLikeTheLayerByLayerPathWithStatesChunksAndBurnIn() {
        int[] hidden = {3, 2};
        EngineConfig cfg = TrainingFixtures.config(CellType.LSTM, hidden, 2, 10, 4, SegmentStart.STATE, 1, 4, 0.01);
        List<Segment> segments = new ArrayList<>();
        for (Segment s : TrainingFixtures.randomSegments(new Random(4), 4, 10, 1, 2, 2 * 3 + 2 * 2)) {
            // burn-in of 5: the first chunk is state-only, the second is partly masked
            segments.add(new Segment(s.seriesId(), s.inputs(), s.targets(), 5, s.initialState()));
        }
        SegmentBatch batch = SegmentBatch.of(segments, CellType.LSTM, hidden, 1, 2, true, DataType.DOUBLE);
        MultiLayerNetwork a = NetworkFactory.create(cfg, DataType.DOUBLE);
        MultiLayerNetwork b = NetworkFactory.create(cfg, DataType.DOUBLE);
        BatchFitter layered = new StatefulTbptt(a, CellType.LSTM, 4);
        BatchFitter fused = new FusedLstmTbptt(b, hidden, 2, 4);

        for (int round = 0; round < 3; round++) {
            double la = layered.fit(batch);
            double lb = fused.fit(batch);
            assertEquals(la, lb, 1e-10, "same loss in round " + round);
        }
        assertEquals(2 * 3, a.getIterationCount(), "two updating chunks per pass, the burn-in chunk is skipped");
        assertEquals(a.getIterationCount(), b.getIterationCount());
        assertTrue(a.params().sub(NetworkFactory.create(cfg, DataType.DOUBLE).params()).norm2Number().doubleValue() > 1e-4);
        assertArrayEquals(a.params().toDoubleVector(), b.params().toDoubleVector(), 1e-10);
    }
}
