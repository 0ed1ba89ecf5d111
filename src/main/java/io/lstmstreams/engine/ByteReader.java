package io.lstmstreams.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/** Bounds-checked reader for what {@link ByteWriter} wrote; failures are {@link StateFormatException}s. */
final class ByteReader {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private final byte[] buf;
    private final int end;
    private int pos;

    ByteReader(byte[] buf, int end) {
        this.buf = buf;
        this.end = end;
    }

    /**
     * Whether the last four bytes of {@code bytes} are the CRC32 of all before them, as
     * {@link ByteWriter#writeCrc32} wrote it. Callers read the body up to {@code bytes.length - 4}.
     */
    static boolean hasCrc32Trailer(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        int body = bytes.length - 4;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, body);
        return (int) INT.get(bytes, body) == (int) crc.getValue();
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos == end;
    }

    int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new StateFormatException("varint longer than 10 bytes at " + pos);
    }

    long readSignedVarLong() {
        long raw = readVarLong();
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** A varint that must lie in {@code [0, max]}, e.g. a length. */
    int readCount(int max, String what) {
        long v = readVarLong();
        if (v < 0 || v > max) {
            throw new StateFormatException(what + " " + v + " out of range 0.." + max);
        }
        return (int) v;
    }

    int readInt() {
        need(4);
        int v = (int) INT.get(buf, pos);
        pos += 4;
        return v;
    }

    long readLong() {
        need(8);
        long v = (long) LONG.get(buf, pos);
        pos += 8;
        return v;
    }

    float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    void readFloats(float[] into, int from, int count) {
        need(4L * count);
        for (int i = 0; i < count; i++) {
            into[from + i] = Float.intBitsToFloat((int) INT.get(buf, pos));
            pos += 4;
        }
    }

    private void need(long n) {
        if (pos + n > end) {
            throw new StateFormatException("truncated: needed " + n + " more bytes at " + pos + " of " + end);
        }
    }
}
