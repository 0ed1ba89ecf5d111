package io.lstmstreams.training;

import io.lstmstreams.config.CellType;
import io.lstmstreams.config.EngineConfig;
import io.lstmstreams.training.ModelFormatException.Reason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.zip.CRC32;

/**
 * Binary encoding of a {@link ModelArtefact} for the compacted models topic. Big-endian:
 * <pre>
 * magic "LSMD" | format u8 | body length i32 | body | CRC32 of everything before it (u32)
 * body: version i64 | created seconds i64, nanos i32 | cell u8 (0 LSTM, 1 RNN) | layers u8 | hidden i32 × layers
 *       | input size i32 | horizon i32 | validation loss f64 | training loss f64 | n i32 | params f32 × n
 * </pre>
 * The checksum covers the header too, so truncation, a flipped bit or a stray byte anywhere is
 * reported as a {@link ModelFormatException}; so are a shape whose parameter count does not match,
 * non-finite weights, and (with {@link #decode(byte[], EngineConfig)}) a shape this engine cannot run.
 * Its {@link ModelFormatException#reason() reason} tells these apart.
 * Stateless and thread-safe.
 */
public final class ModelArtefactCodec {
    static final int MAGIC = 0x4C534D44; // "LSMD"
    static final byte FORMAT = 1;
    private static final int HEADER = 4 + 1 + 4;
    private static final int CRC = 4;
    private static final int MAX_LAYERS = 64;
    private static final int MAX_WIDTH = 1 << 16;

    private ModelArtefactCodec() {
    }

    public static byte[] encode(ModelArtefact m) {
        int[] hidden = m.hiddenSizes();
        float[] params = m.params();
        int body = 8 + 8 + 4 + 1 + 1 + 4 * hidden.length + 4 + 4 + 8 + 8 + 4 + 4 * params.length;
        ByteBuffer buf = ByteBuffer.allocate(HEADER + body + CRC);
        buf.putInt(MAGIC).put(FORMAT).putInt(body);
        buf.putLong(m.version()).putLong(m.createdAt().getEpochSecond()).putInt(m.createdAt().getNano());
        buf.put(cellCode(m.cell())).put((byte) hidden.length);
        for (int h : hidden) {
            buf.putInt(h);
        }
        buf.putInt(m.inputSize()).putInt(m.horizon());
        buf.putDouble(m.validationLoss()).putDouble(m.trainingLoss());
        buf.putInt(params.length);
        for (float p : params) {
            buf.putFloat(p);
        }
        buf.putInt((int) crc(buf.array(), buf.position()));
        return buf.array();
    }

    /** Decodes and checks that the model fits {@code config}. */
    public static ModelArtefact decode(byte[] bytes, EngineConfig config) {
        return decode(bytes).requireFits(config);
    }

    public static ModelArtefact decode(byte[] bytes) {
        if (bytes == null) {
            throw new ModelFormatException(Reason.TRUNCATED, "no bytes");
        }
        if (bytes.length < HEADER + CRC) {
            throw new ModelFormatException(Reason.TRUNCATED, "truncated: " + bytes.length + " bytes is shorter than any model");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int magic = buf.getInt();
        if (magic != MAGIC) {
            throw new ModelFormatException(Reason.UNKNOWN_FORMAT, "not a model artefact (magic 0x" + Integer.toHexString(magic) + ")");
        }
        byte format = buf.get();
        if (format != FORMAT) {
            throw new ModelFormatException(Reason.UNKNOWN_FORMAT, "unsupported model format " + format + ", this build reads " + FORMAT);
        }
        int body = buf.getInt();
        if (body < 0 || (long) HEADER + body + CRC != bytes.length) {
            throw new ModelFormatException(body >= 0 && (long) HEADER + body + CRC > bytes.length
                    ? Reason.TRUNCATED : Reason.CORRUPT, "length mismatch: header says " + body + " body bytes, got "
                    + (bytes.length - HEADER - CRC) + " (truncated or padded)");
        }
        long stored = Integer.toUnsignedLong(ByteBuffer.wrap(bytes, bytes.length - CRC, CRC).getInt());
        if (stored != crc(bytes, bytes.length - CRC)) {
            throw new ModelFormatException(Reason.CORRUPT, "checksum mismatch: the artefact is corrupt");
        }
        try {
            return readBody(buf);
        } catch (BufferUnderflowException | DateTimeException | IllegalArgumentException e) {
            throw new ModelFormatException(Reason.CORRUPT, "invalid model artefact: " + e.getMessage());
        }
    }

    private static ModelArtefact readBody(ByteBuffer buf) {
        long version = buf.getLong();
        Instant created = Instant.ofEpochSecond(buf.getLong(), buf.getInt());
        CellType cell = cellOf(buf.get());
        int layers = Byte.toUnsignedInt(buf.get());
        if (layers < 1 || layers > MAX_LAYERS) {
            throw new ModelFormatException(Reason.CORRUPT, "invalid layer count " + layers);
        }
        int[] hidden = new int[layers];
        for (int i = 0; i < layers; i++) {
            hidden[i] = width(buf.getInt(), "hidden size");
        }
        int inputSize = width(buf.getInt(), "input size");
        int horizon = width(buf.getInt(), "horizon");
        double validationLoss = buf.getDouble();
        double trainingLoss = buf.getDouble();
        int n = buf.getInt();
        long expected = ModelArtefact.parameterCount(cell, hidden, inputSize, horizon);
        if (n != expected) {
            throw new ModelFormatException(Reason.CORRUPT, "shape " + ModelArtefact.describe(cell, hidden, inputSize, horizon)
                    + " needs " + expected + " parameters, the artefact holds " + n);
        }
        if (buf.remaining() != 4L * n + CRC) {
            throw new ModelFormatException(Reason.CORRUPT, "parameter block has the wrong length");
        }
        float[] params = new float[n];
        for (int i = 0; i < n; i++) {
            params[i] = buf.getFloat();
            if (!Float.isFinite(params[i])) {
                throw new ModelFormatException(Reason.NON_FINITE, "non-finite weight at index " + i);
            }
        }
        return new ModelArtefact(version, created, cell, hidden, inputSize, horizon, params, validationLoss,
                trainingLoss);
    }

    private static int width(int value, String what) {
        if (value < 1 || value > MAX_WIDTH) {
            throw new ModelFormatException(Reason.CORRUPT, "invalid " + what + " " + value);
        }
        return value;
    }

    /** Stable codes, independent of the enum's declaration order. */
    private static byte cellCode(CellType cell) {
        return switch (cell) {
            case LSTM -> 0;
            case RNN -> 1;
        };
    }

    private static CellType cellOf(byte code) {
        return switch (code) {
            case 0 -> CellType.LSTM;
            case 1 -> CellType.RNN;
            default -> throw new ModelFormatException(Reason.CORRUPT, "unknown cell code " + code);
        };
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
