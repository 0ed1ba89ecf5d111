package io.lstmstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.cell.RecurrentNetwork;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.engine.ForecastModel;
import io.lstmstreams.training.KernelExport;
import io.lstmstreams.training.ModelArtefact;
import io.lstmstreams.training.ModelArtefactCodec;
import io.lstmstreams.training.ModelFormatException;
import io.lstmstreams.training.ModelFormatException.Reason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Properties;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ArtefactModelDecoderTest {
    private static final EngineConfig CONFIG = StreamFixtures.engineConfig();
    private final ArtefactModelDecoder decoder = new ArtefactModelDecoder(CONFIG);

    private static ModelArtefact artefact(EngineConfig config, long version) {
        float[] params = new float[KernelExport.paramCount(config)];
        Random random = new Random(version);
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) (random.nextGaussian() * 0.3);
        }
        return ModelArtefact.of(config, version, Instant.parse("2025-01-01T00:00:00Z"), params, 0.5, 0.4);
    }

    @Test
    void shouldDecodeAnArtefactIntoTheKernelOfItsWeights() {
        ModelArtefact artefact = artefact(CONFIG, 7);
        ForecastModel model = decoder.decode(ModelArtefactCodec.encode(artefact));

        assertEquals(7, model.version());
        RecurrentNetwork expected = KernelExport.fromFlatParams(CONFIG, artefact.params());
        assertArrayEquals(outputs(expected), outputs(model.network()));
    }

    @Test
    void shouldRejectEveryTruncatedArtefact() {
        byte[] bytes = ModelArtefactCodec.encode(artefact(CONFIG, 1));
        for (int length = 0; length < bytes.length; length += 7) {
            assertEquals(Reason.TRUNCATED, rejection(Arrays.copyOf(bytes, length)), "prefix of " + length);
        }
    }

    @Test
    void shouldRejectACorruptArtefact() {
        byte[] bytes = ModelArtefactCodec.encode(artefact(CONFIG, 1));
        bytes[bytes.length / 2] ^= 0x10;
        assertEquals(Reason.CORRUPT, rejection(bytes));
    }

    @Test
    void shouldRejectBytesThatAreNoArtefactAtAll() {
        assertEquals(Reason.TRUNCATED, rejection(new byte[0]));
        assertEquals(Reason.UNKNOWN_FORMAT, rejection(StreamFixtures.utf8("{\"model\": 1, \"weights\": []}")));
        assertEquals(Reason.TRUNCATED, rejection(null));
    }

    @Test
    void shouldRejectAModelOfAnotherShape() {
        Properties wider = StreamFixtures.engineProperties();
        wider.setProperty("model.hidden", "5");
        byte[] bytes = ModelArtefactCodec.encode(artefact(EngineConfig.fromProperties(wider), 3));
        assertEquals(Reason.WRONG_SHAPE, rejection(bytes));
        Properties otherInputs = StreamFixtures.engineProperties();
        otherInputs.setProperty("features.calendar", Boolean.toString(!CONFIG.calendarFeatures()));
        EngineConfig other = EngineConfig.fromProperties(otherInputs);
        assertTrue(other.inputSize() != CONFIG.inputSize(), "another input width");
        assertEquals(Reason.WRONG_SHAPE, rejection(ModelArtefactCodec.encode(artefact(other, 4))));
    }

    @Test
    void shouldRejectNonFiniteWeightsEvenUnderAValidChecksum() {
        byte[] bytes = ModelArtefactCodec.encode(artefact(CONFIG, 1));
        // the last weight sits just before the CRC; make it NaN and re-seal the checksum
        ByteBuffer.wrap(bytes).putFloat(bytes.length - 8, Float.NaN);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        assertEquals(Reason.NON_FINITE, rejection(bytes));
        assertEquals(ModelRejection.NON_FINITE,
                ModelRejection.of(assertThrows(ModelFormatException.class, () -> decoder.decode(bytes))));
    }

    private Reason rejection(byte[] bytes) {
        return assertThrows(ModelFormatException.class, () -> decoder.decode(bytes)).reason();
    }

    /** Head outputs after a few steps of a fixed input sequence. */
    private static float[] outputs(RecurrentNetwork network) {
        float[] state = new float[network.stateSize()];
        float[] input = new float[network.inputSize()];
        float[] output = new float[network.outputSize()];
        for (int t = 0; t < 5; t++) {
            Arrays.fill(input, (float) Math.sin(t));
            network.newStepper().step(state, input, output);
        }
        return output;
    }
}
