package io.lstmstreams.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.config.SegmentStart;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelArtefactCodecTest {
    private static final EngineConfig CFG = TrainingFixtures.config(CellType.LSTM, new int[] {5, 3}, 2, 8, 8,
            SegmentStart.ZEROS, 1, 4, 0.01);

    private static ModelArtefact artefact() {
        float[] params = new float[(int) ModelArtefact.parameterCount(CellType.LSTM, new int[] {5, 3}, 1, 2)];
        Random r = new Random(5);
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) r.nextGaussian();
        }
        return ModelArtefact.of(CFG, 42, Instant.parse("2025-01-02T03:04:05.123456789Z"), params, 0.125, Double.NaN);
    }

    @Test
    void shouldRoundTripEveryField() {
        ModelArtefact m = artefact();
        ModelArtefact back = ModelArtefactCodec.decode(ModelArtefactCodec.encode(m), CFG);
        assertEquals(m, back);
        assertEquals(42, back.version());
        assertEquals(Instant.parse("2025-01-02T03:04:05.123456789Z"), back.createdAt());
        assertArrayEquals(new int[] {5, 3}, back.hiddenSizes());
        assertArrayEquals(m.params(), back.params());
        assertEquals(0.125, back.validationLoss());
        assertTrue(Double.isNaN(back.trainingLoss()));
    }

    @Test
    void shouldCountParametersExactlyAsDl4jLaysThemOut() {
        for (CellType cell : CellType.values()) {
            EngineConfig cfg = TrainingFixtures.config(cell, new int[] {6, 4, 3}, 5, 8, 8, SegmentStart.ZEROS, 1, 4,
                    0.01);
            assertEquals(NetworkFactory.create(cfg).numParams(),
                    ModelArtefact.parameterCount(cell, cfg.hiddenSizes(), cfg.inputSize(), cfg.horizon()), cell.name());
        }
    }

    @Test
    void shouldRejectEveryTruncation() {
        byte[] bytes = ModelArtefactCodec.encode(artefact());
        for (int len = 0; len < bytes.length; len++) {
            int n = len;
            assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(Arrays.copyOf(bytes, n)),
                    "prefix of " + n + " bytes");
        }
    }

    @Test
    void shouldRejectAnyFlippedByteAndTrailingGarbage() {
        byte[] bytes = ModelArtefactCodec.encode(artefact());
        for (int i = 0; i < bytes.length; i++) {
            byte[] bad = bytes.clone();
            bad[i] ^= 0x10;
            assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(bad), "byte " + i);
        }
        assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)));
        assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(null));
    }

    @Test
    void shouldRejectAModelOfAnotherShapeWithBothShapesNamed() {
        byte[] bytes = ModelArtefactCodec.encode(artefact());
        EngineConfig other = TrainingFixtures.config(CellType.LSTM, new int[] {5, 4}, 2, 8, 8, SegmentStart.ZEROS,
                1, 4, 0.01);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(bytes, other));
        assertTrue(e.getMessage().contains("[5, 3]") && e.getMessage().contains("[5, 4]"), e.getMessage());
    }

    @Test
    void shouldRejectNonFiniteWeightsEvenWithAValidChecksum() {
        byte[] bytes = ModelArtefactCodec.encode(artefact());
        int firstParam = bytes.length - 4 - 4 * artefact().params().length;
        ByteBuffer.wrap(bytes).putFloat(firstParam + 4 * 7, Float.NaN);
        resealChecksum(bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(bytes));
        assertTrue(e.getMessage().contains("non-finite"), e.getMessage());
    }

    @Test
    void shouldRejectAParameterCountThatDoesNotMatchTheShape() {
        byte[] bytes = ModelArtefactCodec.encode(artefact());
        // hidden sizes start after magic, format, length, version, seconds, nanos, cell, layer count
        int firstHidden = 4 + 1 + 4 + 8 + 8 + 4 + 1 + 1;
        ByteBuffer.wrap(bytes).putInt(firstHidden, 6);
        resealChecksum(bytes);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelArtefactCodec.decode(bytes));
        assertTrue(e.getMessage().contains("parameters"), e.getMessage());
    }

    @Test
    void shouldRefuseToBuildAnArtefactWithNonFiniteWeights() {
        float[] params = artefact().params();
        params[3] = Float.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> ModelArtefact.of(CFG, 1, Instant.EPOCH, params, 0, 0));
    }

    private static void resealChecksum(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    }
}
