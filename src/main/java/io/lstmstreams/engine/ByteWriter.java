package io.lstmstreams.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Growable big-endian byte sink with unsigned LEB128 varints. */
final class ByteWriter {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    ByteWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Empties the writer so it can encode one value after another; it keeps its buffer unless one
     * value grew it past {@code keptCapacity} bytes.
     */
    ByteWriter reset(int keptCapacity) {
        pos = 0;
        if (buf.length > keptCapacity) {
            buf = new byte[Math.max(16, keptCapacity)];
        }
        return this;
    }

    int position() {
        return pos;
    }

    byte[] array() {
        return buf;
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    /** Zig-zag so small negative numbers stay short. */
    void writeSignedVarLong(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeInt(int v) {
        ensure(4);
        INT.set(buf, pos, v);
        pos += 4;
    }

    void writeLong(long v) {
        ensure(8);
        LONG.set(buf, pos, v);
        pos += 8;
    }

    void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    void writeFloats(float[] values, int from, int count) {
        ensure(4 * count);
        for (int i = 0; i < count; i++) {
            INT.set(buf, pos, Float.floatToRawIntBits(values[from + i]));
            pos += 4;
        }
    }

    /** Appends the CRC32 of everything written so far (what {@link ByteReader#hasCrc32Trailer} checks). */
    void writeCrc32() {
        CRC32 crc = new CRC32();
        crc.update(buf, 0, pos);
        writeInt((int) crc.getValue());
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }
}
