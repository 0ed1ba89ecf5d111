package io.lstmstreams.engine;

import java.util.Arrays;

/** Growable big-endian byte sink with unsigned LEB128 varints. */
final class ByteWriter {
    private byte[] buf;
    private int pos;

    ByteWriter(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
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
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    void writeLong(long v) {
        writeInt((int) (v >>> 32));
        writeInt((int) v);
    }

    void writeFloat(float v) {
        writeInt(Float.floatToRawIntBits(v));
    }

    void writeDouble(double v) {
        writeLong(Double.doubleToRawLongBits(v));
    }

    void writeFloats(float[] values, int from, int count) {
        for (int i = 0; i < count; i++) {
            writeFloat(values[from + i]);
        }
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
