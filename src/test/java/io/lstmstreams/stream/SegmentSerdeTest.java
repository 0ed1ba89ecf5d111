package io.lstmstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lstmstreams.training.Segment;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class SegmentSerdeTest {
    private static final String TOPIC = "lstm.segments";

    private final Serializer<Segment> serializer = new SegmentSerde().serializer();
    private final Deserializer<Segment> deserializer = new SegmentSerde().deserializer();

    private static Segment segment(float[] initialState) {
        int steps = 6;
        float[][] inputs = new float[steps][5];
        float[][] targets = new float[steps][3];
        for (int i = 0; i < steps; i++) {
            for (int j = 0; j < 5; j++) {
                inputs[i][j] = i * 0.5f - j * 1.25f;
            }
            for (int j = 0; j < 3; j++) {
                targets[i][j] = -i + j / 3f;
            }
        }
        return new Segment("séries-ü", inputs, targets, 2, initialState);
    }

    private static void assertSameSegment(Segment expected, Segment actual) {
        assertEquals(expected.seriesId(), actual.seriesId());
        assertEquals(expected.lossFrom(), actual.lossFrom());
        assertTrue(Arrays.deepEquals(expected.inputs(), actual.inputs()));
        assertTrue(Arrays.deepEquals(expected.targets(), actual.targets()));
        assertArrayEquals(expected.initialState(), actual.initialState());
    }

    @Test
    void shouldRoundTripASegmentWithAndWithoutInitialState() {
        for (float[] initial : new float[][] {null, {0.1f, -0.2f, Float.MIN_VALUE, 7f}, {}}) {
            Segment segment = segment(initial);
            assertSameSegment(segment, deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, segment)));
        }
    }

    @Test
    void shouldBeCompact() {
        byte[] bytes = serializer.serialize(TOPIC, segment(null));
        // 6 steps x (5 + 3) floats + the id and a fixed 28-byte frame
        assertEquals(6 * 8 * 4 + "séries-ü".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 28,
                bytes.length);
    }

    @Test
    void shouldKeepNullAsNull() {
        assertNull(serializer.serialize(TOPIC, null));
        assertNull(deserializer.deserialize(TOPIC, null));
    }

    @Test
    void shouldDetectEveryCorruptedByte() {
        byte[] good = serializer.serialize(TOPIC, segment(new float[] {1f, 2f}));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            int at = i;
            SerializationException e = assertThrows(SerializationException.class,
                    () -> deserializer.deserialize(TOPIC, bad), "flipped byte " + at);
            assertTrue(e.getMessage().startsWith("bad segment on topic " + TOPIC), e.getMessage());
        }
    }

    @Test
    void shouldRejectTruncatedBytes() {
        byte[] good = serializer.serialize(TOPIC, segment(null));
        for (int length : new int[] {0, 3, 27, good.length / 2, good.length - 1}) {
            byte[] cut = Arrays.copyOf(good, length);
            assertThrows(SerializationException.class, () -> deserializer.deserialize(TOPIC, cut), "length " + length);
        }
    }

    @Test
    void shouldNameTheProblemForForeignBytesAndFutureVersions() {
        SerializationException foreign = assertThrows(SerializationException.class,
                () -> deserializer.deserialize(TOPIC, "{\"seriesId\":\"a\",\"steps\":[1,2,3,4,5,6,7,8]}".getBytes()));
        assertTrue(foreign.getMessage().contains("not a segment"), foreign.getMessage());

        byte[] future = serializer.serialize(TOPIC, segment(null));
        future[2] = (byte) (SegmentSerde.FORMAT_VERSION + 1);
        SerializationException version = assertThrows(SerializationException.class,
                () -> deserializer.deserialize(TOPIC, future));
        assertTrue(version.getMessage().contains("unknown segment format version 2"), version.getMessage());
    }

    @Test
    void shouldRefuseToSerialiseRaggedRows() {
        float[][] inputs = {{1f, 2f}, {3f}};
        float[][] targets = {{1f}, {2f}};
        Segment ragged = new Segment("a", inputs, targets, 0, null);
        assertThrows(SerializationException.class, () -> serializer.serialize(TOPIC, ragged));
    }
}
