package io.lstmstreams.engine;

import io.lstmstreams.config.EngineConfig;

/**
 * The older part of a key's observation window, stored apart from the key state in fixed chunks so
 * that an event rewrites only the small state, not the whole window. Observation {@code i} of a key
 * (counting accepted events from 0) belongs to chunk {@code i / length}. A chunk is written once,
 * when the event that completes it arrives, and deleted once it has left the window entirely; the
 * observations of the chunk being filled travel with the key state (see {@link SeriesStateCodec}).
 *
 * <p>A chunk: magic, format version, its number, the length, the first timestamp, delta-of-delta
 * timestamps, float32 values, CRC32. Bytes that are not a sound chunk of the expected number decode
 * to null, never to other observations.
 */
public final class WindowChunkCodec {
    /** Observations per chunk at most (fewer only when the window itself is smaller). */
    public static final int MAX_LENGTH = 32;
    static final int MAGIC = 0x57; // "W"
    static final int FORMAT_VERSION = 1;

    private final int length;
    private final int windowSize;

    public WindowChunkCodec(EngineConfig config) {
        this.windowSize = config.windowSize();
        this.length = Math.min(MAX_LENGTH, windowSize);
    }

    public int length() {
        return length;
    }

    /** How many of the window's newest observations are not yet in a sealed chunk. */
    int unsealed(SeriesState s) {
        return (int) Math.min(s.eventCount % length, s.window.size());
    }

    /** The number of the chunk the key's latest event completed, or -1 if it completed none. */
    public long sealedBy(SeriesState s) {
        return s.eventCount > 0 && s.eventCount % length == 0 ? s.eventCount / length - 1 : -1;
    }

    /**
     * The chunk that no longer holds any observation of the window once the key's latest event
     * completed a chunk, or -1. One chunk is sealed and one expires per {@code length} events, so
     * a key keeps about {@code windowSize / length + 1} chunks.
     */
    public long expiredBy(SeriesState s) {
        if (sealedBy(s) < 0 || s.eventCount <= windowSize) {
            return -1;
        }
        long oldestKept = (s.eventCount - windowSize) / length;
        return oldestKept - 1;
    }

    /** Chunk {@code number} of the key's window; its observations must all still be in the window. */
    public byte[] encode(SeriesState s, long number) {
        ObservationWindow window = s.window;
        long firstIndex = number * length;
        int from = (int) (firstIndex - (s.eventCount - window.size()));
        if (number < 0 || from < 0 || from + length > window.size()) {
            throw new IllegalArgumentException("chunk " + number + " is not in the key's window");
        }
        ByteWriter w = new ByteWriter(24 + 5 * length);
        w.writeByte(MAGIC);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(number);
        w.writeVarLong(length);
        writeObservations(w, window, from, length);
        w.writeCrc32();
        return w.toByteArray();
    }

    /**
     * The observations of chunk {@code number} into {@code timestamps} and {@code values} (each at
     * least {@link #length()} long); false, with nothing promised about the arrays, when the bytes
     * are missing or not a sound chunk of that number and length.
     */
    boolean decode(byte[] bytes, long number, long[] timestamps, float[] values) {
        if (bytes == null || bytes.length < 7) {
            return false;
        }
        int body = bytes.length - 4;
        if (!ByteReader.hasCrc32Trailer(bytes)) {
            return false;
        }
        try {
            ByteReader r = new ByteReader(bytes, body);
            if (r.readByte() != MAGIC || r.readByte() != FORMAT_VERSION || r.readVarLong() != number
                    || r.readVarLong() != length) {
                return false;
            }
            readObservations(r, length, timestamps, values);
            return r.atEnd() && allFinite(values, length);
        } catch (StateFormatException e) {
            return false;
        }
    }

    /** {@code count} observations from window position {@code from}: first timestamp, delta-of-deltas, values. */
    static void writeObservations(ByteWriter w, ObservationWindow window, int from, int count) {
        long previous = 0;
        long previousDelta = 0;
        for (int i = 0; i < count; i++) {
            long ts = window.timestamp(from + i);
            if (i == 0) {
                w.writeLong(ts);
            } else {
                long delta = ts - previous;
                // a regular series costs one byte per timestamp
                w.writeSignedVarLong(delta - previousDelta);
                previousDelta = delta;
            }
            previous = ts;
        }
        for (int i = 0; i < count; i++) {
            w.writeFloat(window.value(from + i));
        }
    }

    static void readObservations(ByteReader r, int count, long[] timestamps, float[] values) {
        long delta = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0) {
                timestamps[i] = r.readLong();
            } else {
                delta += r.readSignedVarLong();
                timestamps[i] = timestamps[i - 1] + delta;
            }
        }
        r.readFloats(values, 0, count);
    }

    private static boolean allFinite(float[] values, int count) {
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(values[i])) {
                return false;
            }
        }
        return true;
    }
}
