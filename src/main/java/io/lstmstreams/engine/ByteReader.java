package io.lstmstreams.engine;

/** Bounds-checked reader for what {@link ByteWriter} wrote; failures are {@link StateFormatException}s. */
final class ByteReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    ByteReader(byte[] buf, int end) {
        this.buf = buf;
        this.end = end;
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
        int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                | (buf[pos + 3] & 0xFF);
        pos += 4;
        return v;
    }

    long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
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
            into[from + i] = readFloat();
        }
    }

    private void need(long n) {
        if (pos + n > end) {
            throw new StateFormatException("truncated: needed " + n + " more bytes at " + pos + " of " + end);
        }
    }
}
