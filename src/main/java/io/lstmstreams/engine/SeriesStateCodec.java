package io.lstmstreams.engine;

import io.lstmstreams.config.EngineConfig;

/**
 * Compact, versioned binary encoding of a {@link SeriesState}: magic, format version, then the
 * fields with varints where numbers are usually small, float32 for cell state and window values,
 * delta-of-delta encoded window timestamps, and a CRC32 trailer. A truncated or corrupt blob raises
 * {@link StateFormatException}; it never decodes to garbage.
 *
 * <p>Of the observation window only the newest observations, those not yet in a sealed chunk, are
 * part of the blob; the rest is stored in chunks by {@link WindowChunkCodec} and read back through
 * {@link WindowChunks} on decoding. So the blob written at every event stays small however long
 * the window. A chunk that cannot be read shortens the decoded window to the observations after
 * it (the key forecasts on; segments and re-warming have less history until the window refills).
 */
public final class SeriesStateCodec {
    static final int MAGIC = 0x4C53; // "LS"
    static final int FORMAT_VERSION = 2;
    private static final int MAX_STATE_FLOATS = 1 << 20;
    /** A state larger than this (a huge network) gets a fresh buffer next time instead of keeping it. */
    private static final int KEPT_SCRATCH_BYTES = 64 * 1024;
    static final int INITIAL_SCRATCH_BYTES = 4096;

    private final EngineConfig config;
    private final WindowChunkCodec chunks;

    /**
     * Each thread's encoding buffer, reused from state to state (a codec serves every stream
     * thread): only the finished state is copied out, once per event, instead of a fresh buffer
     * being grown and copied.
     */
    private final ThreadLocal<ByteWriter> scratch =
            ThreadLocal.withInitial(() -> new ByteWriter(INITIAL_SCRATCH_BYTES));

    public SeriesStateCodec(EngineConfig config) {
        this.config = config;
        this.chunks = new WindowChunkCodec(config);
    }

    /** The codec of the window chunks that go with these states. */
    public WindowChunkCodec chunks() {
        return chunks;
    }

    public byte[] encode(SeriesState s) {
        int h = config.horizon();
        ByteWriter w = scratch.get().reset(KEPT_SCRATCH_BYTES);
        w.writeByte(MAGIC >>> 8);
        w.writeByte(MAGIC & 0xFF);
        w.writeByte(FORMAT_VERSION);
        w.writeVarLong(h);
        w.writeVarLong(s.modelVersion);
        w.writeVarLong(s.eventCount);
        w.writeLong(s.lastTimestamp);
        w.writeVarLong(s.typicalStep);
        w.writeVarLong(s.normaliser.count());
        w.writeDouble(s.normaliser.mean());
        w.writeDouble(s.normaliser.m2());
        w.writeVarLong(s.cellState.length);
        w.writeFloats(s.cellState, 0, s.cellState.length);
        writePending(w, s.pending, h);
        w.writeFloats(s.calibrator.lowerOffsets(), 0, h);
        w.writeFloats(s.calibrator.upperOffsets(), 0, h);
        writeAccuracy(w, s.accuracy, h);
        for (int i = 0; i < h; i++) {
            w.writeDouble(s.blend.crossSum[i]);
            w.writeDouble(s.blend.squareSum[i]);
        }
        writeWindowTail(w, s);
        writeSnapshots(w, s.snapshots);
        w.writeCrc32();
        return w.toByteArray();
    }

    /**
     * The state alone, its window cut to the observations kept with it: enough for everything but
     * segments, seasonal lags and re-warming (summaries, tests).
     */
    public SeriesState decode(byte[] bytes) {
        return decode(bytes, WindowChunks.NONE);
    }

    /** The state with its whole window, the sealed part read from {@code windowChunks}. */
    public SeriesState decode(byte[] bytes, WindowChunks windowChunks) {
        if (bytes == null || bytes.length < 7) {
            throw new StateFormatException("state blob too short: " + (bytes == null ? "null" : bytes.length + " bytes"));
        }
        int body = bytes.length - 4;
        if (!ByteReader.hasCrc32Trailer(bytes)) {
            throw new StateFormatException("state checksum mismatch (corrupt or truncated blob of " + bytes.length + " bytes)");
        }
        ByteReader r = new ByteReader(bytes, body);
        int magic = (r.readByte() << 8) | r.readByte();
        if (magic != MAGIC) {
            throw new StateFormatException("not a key state: magic " + Integer.toHexString(magic));
        }
        int version = r.readByte();
        if (version != FORMAT_VERSION) {
            throw new StateFormatException("unknown state format version " + version);
        }
        int h = config.horizon();
        int storedHorizon = r.readCount(1000, "horizon");
        if (storedHorizon != h) {
            throw new StateFormatException("state has horizon " + storedHorizon + ", the engine uses " + h);
        }
        long modelVersion = r.readVarLong();
        long eventCount = r.readVarLong();
        long lastTimestamp = r.readLong();
        long typicalStep = r.readVarLong();
        RunningNormaliser norm = new RunningNormaliser(r.readVarLong(), finite(r.readDouble()), finite(r.readDouble()));
        float[] cell = new float[r.readCount(MAX_STATE_FLOATS, "cell state length")];
        r.readFloats(cell, 0, cell.length);
        finite(cell);
        PendingForecasts pending = readPending(r, h);
        float[] lo = new float[h];
        float[] hi = new float[h];
        r.readFloats(lo, 0, h);
        r.readFloats(hi, 0, h);
        IntervalCalibrator calibrator = new IntervalCalibrator(finite(lo), finite(hi), config.intervalCoverage());
        OnlineAccuracy accuracy = readAccuracy(r, h);
        double[] cross = new double[h];
        double[] square = new double[h];
        for (int i = 0; i < h; i++) {
            cross[i] = finite(r.readDouble());
            square[i] = finite(r.readDouble());
        }
        ShiftBlend blend = new ShiftBlend(cross, square, config.blendRate());
        ObservationWindow window = readWindow(r, eventCount, windowChunks);
        StateSnapshots snapshots = readSnapshots(r, cell.length);
        if (!r.atEnd()) {
            throw new StateFormatException("trailing bytes after state at " + r.position());
        }
        return new SeriesState(modelVersion, cell, norm, eventCount, lastTimestamp, typicalStep, window, pending,
                calibrator, accuracy, blend, snapshots);
    }

    private static void writePending(ByteWriter w, PendingForecasts p, int h) {
        w.writeVarLong(p.size);
        w.writeFloats(p.values, 0, p.size * h);
        w.writeFloats(p.lower, 0, p.size * h);
        w.writeFloats(p.upper, 0, p.size * h);
        w.writeFloats(p.corrections, 0, p.size * h);
    }

    private static PendingForecasts readPending(ByteReader r, int h) {
        PendingForecasts p = new PendingForecasts(h);
        p.size = r.readCount(h, "pending forecasts");
        r.readFloats(p.values, 0, p.size * h);
        r.readFloats(p.lower, 0, p.size * h);
        r.readFloats(p.upper, 0, p.size * h);
        r.readFloats(p.corrections, 0, p.size * h);
        finite(p.values);
        finite(p.corrections);
        return p;
    }

    private static void writeAccuracy(ByteWriter w, OnlineAccuracy a, int h) {
        for (int i = 0; i < h; i++) {
            w.writeVarLong(a.count[i]);
            w.writeDouble(a.absError[i]);
            w.writeDouble(a.squaredError[i]);
            w.writeDouble(a.smape[i]);
            w.writeDouble(a.naiveAbsError[i]);
            w.writeVarLong(a.covered[i]);
        }
    }

    private static OnlineAccuracy readAccuracy(ByteReader r, int h) {
        OnlineAccuracy a = new OnlineAccuracy(h);
        for (int i = 0; i < h; i++) {
            a.count[i] = r.readVarLong();
            a.absError[i] = r.readDouble();
            a.squaredError[i] = r.readDouble();
            a.smape[i] = r.readDouble();
            a.naiveAbsError[i] = r.readDouble();
            a.covered[i] = r.readVarLong();
        }
        return a;
    }

    /** Window size, then the unsealed observations (the newest, fewer than a chunk). */
    private void writeWindowTail(ByteWriter w, SeriesState s) {
        int n = s.window.size();
        int tail = chunks.unsealed(s);
        w.writeVarLong(n);
        w.writeVarLong(tail);
        WindowChunkCodec.writeObservations(w, s.window, n - tail, tail);
    }

    /**
     * Observation {@code i} of the window is the key's event {@code eventCount - n + i}; those before
     * the tail come from their chunks, newest first, until one is missing or the window is full.
     */
    private ObservationWindow readWindow(ByteReader r, long eventCount, WindowChunks source) {
        int n = r.readCount(1 << 24, "window size");
        int tail = r.readCount(chunks.length(), "unsealed observations");
        if (tail > n || n > eventCount) {
            throw new StateFormatException("window of " + n + " with " + tail + " unsealed after " + eventCount
                    + " events");
        }
        int length = chunks.length();
        long[] tailTs = new long[tail];
        float[] tailValues = new float[tail];
        WindowChunkCodec.readObservations(r, tail, tailTs, tailValues);
        finite(tailValues);

        long first = eventCount - n;
        long sealedEnd = eventCount - tail;
        int sealedWanted = (int) Math.min(n - tail, config.windowSize());
        long[] ts = new long[sealedWanted];
        float[] values = new float[sealedWanted];
        long[] chunkTs = new long[length];
        float[] chunkValues = new float[length];
        int have = 0;
        for (long number = (sealedEnd - 1) / length; have < sealedWanted && number >= first / length; number--) {
            if (!chunks.decode(source.chunk(number), number, chunkTs, chunkValues)) {
                break;
            }
            long chunkStart = number * length;
            for (int i = length - 1; i >= 0 && have < sealedWanted; i--) {
                if (chunkStart + i < sealedEnd) {
                    have++;
                    ts[sealedWanted - have] = chunkTs[i];
                    values[sealedWanted - have] = chunkValues[i];
                }
            }
        }
        ObservationWindow window = new ObservationWindow(config.windowSize());
        for (int i = sealedWanted - have; i < sealedWanted; i++) {
            window.add(ts[i], values[i]);
        }
        for (int i = 0; i < tail; i++) {
            window.add(tailTs[i], tailValues[i]);
        }
        return window;
    }

    private static void writeSnapshots(ByteWriter w, StateSnapshots s) {
        w.writeVarLong(s.size);
        for (int i = 0; i < s.size; i++) {
            w.writeVarLong(s.eventIndex[i]);
            w.writeVarLong(s.modelVersion[i]);
            w.writeVarLong(s.states[i].length);
            w.writeFloats(s.states[i], 0, s.states[i].length);
        }
    }

    private StateSnapshots readSnapshots(ByteReader r, int cellLength) {
        StateSnapshots s = new StateSnapshots(StateSnapshots.capacityFor(config));
        int n = r.readCount(1024, "snapshots");
        for (int i = 0; i < n; i++) {
            long index = r.readVarLong();
            long version = r.readVarLong();
            float[] state = new float[r.readCount(MAX_STATE_FLOATS, "snapshot length")];
            r.readFloats(state, 0, state.length);
            if (state.length == cellLength) {
                s.save(index, version, finite(state));
            }
        }
        return s;
    }

    private static double finite(double v) {
        if (!Double.isFinite(v)) {
            throw new StateFormatException("non-finite number in state: " + v);
        }
        return v;
    }

    private static float[] finite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new StateFormatException("non-finite number in state: " + v);
            }
        }
        return values;
    }
}
